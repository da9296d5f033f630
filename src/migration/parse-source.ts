// Reads the parsed members of an export into the typed source model. Pure. An element the
// format does not define is refused (BUNDLE_UNKNOWN_ELEMENT): silently skipping it could
// lose a setting the administrator relies on. policy/other.xml, admin/settings.xml and
// euq/settings.xml may hold any elements (spec §9): each becomes one not-migrated item.
import { bundleErrors, type Bundle, type XmlElement } from './bundle.js';
import type {
  SourceAction,
  SourceAreaElement,
  SourceCondition,
  SourceExport,
  SourceIntercept,
  SourceIpEntry,
  SourceIpList,
  SourcePeerPolicy,
  SourceRouteSide,
  SourceRule,
} from './source.js';

const UNIT_BYTES = { B: 1, KB: 1024, MB: 1024 * 1024 } as const;

function kids(el: XmlElement | undefined, name?: string): XmlElement[] {
  return el ? el.children.filter((c) => name === undefined || c.name === name) : [];
}
function kid(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}
function only(el: XmlElement, allowed: readonly string[], member: string): void {
  for (const c of el.children)
    if (!allowed.includes(c.name)) throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: c.name });
}
function expectRoot(el: XmlElement | undefined, name: string, member: string): XmlElement | undefined {
  if (el && el.name !== name) throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: el.name });
  return el;
}
const bool = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v === 'true' || v === 'yes' || v === '1');
const num = (v: string | undefined, fallback = 0) =>
  v !== undefined && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback;
const opOf = (v: string | undefined): 'gt' | 'le' => (v === 'le' ? 'le' : 'gt');
const bytesOf = (el: XmlElement) => num(el.attrs.value) * (UNIT_BYTES[(el.attrs.unit ?? 'B') as keyof typeof UNIT_BYTES] ?? 1);

export function parseSource(bundle: Bundle): SourceExport {
  const m = bundle.manifest;
  if (m.name !== 'export') throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: 'manifest.xml', element: m.name });
  const imp = bundle.ini.sections.get('imp_exp');
  const ldap = bundle.ini.sections.get('ldap');
  const notMigrated: SourceAreaElement[] = [];
  for (const name of bundle.ini.sections.keys()) {
    if (name !== 'imp_exp' && name !== '') notMigrated.push({ area: 'ini', name, path: `imss.ini#[${name}]` });
  }
  for (const [member, area] of [
    ['policy/other.xml', 'other'],
    ['admin/settings.xml', 'admin'],
    ['euq/settings.xml', 'euq'],
  ] as const) {
    const root = bundle.xml.get(member);
    for (const c of kids(root)) notMigrated.push({ area, name: c.name, path: `${member}#${c.name}` });
  }
  const rulesXml = expectRoot(bundle.xml.get('policy/rules.xml'), 'policyList', 'policy/rules.xml');
  const objects = expectRoot(bundle.xml.get('policy/objects.xml'), 'policyObjects', 'policy/objects.xml');
  const approved = expectRoot(bundle.xml.get('policy/approved-lists.xml'), 'approvedLists', 'policy/approved-lists.xml');
  const sender = expectRoot(bundle.xml.get('sender-filtering.xml'), 'senderFiltering', 'sender-filtering.xml');
  const dkim = expectRoot(bundle.xml.get('admin/dkim-signatures.xml'), 'dkimSignatures', 'admin/dkim-signatures.xml');
  if (rulesXml) only(rulesXml, ['rule', 'globalDkimEnforcement'], 'policy/rules.xml');
  if (objects)
    only(objects, ['addressGroups', 'keywordLists', 'notifications', 'stamps', 'dlpTemplates', 'dlpIdentifiers'], 'policy/objects.xml');
  if (approved) only(approved, ['dkimApproved', 'webReputationApproved', 'urlKeywords'], 'policy/approved-lists.xml');
  if (sender) only(sender, ['approvedList', 'blockedList', 'dmarc', 'rules', 'suspiciousIp', 'overview'], 'sender-filtering.xml');
  if (dkim) only(dkim, ['signature'], 'admin/dkim-signatures.xml');
  for (const name of ['rules', 'suspiciousIp', 'overview']) {
    if (kid(sender, name)) notMigrated.push({ area: 'senderFiltering', name, path: `sender-filtering.xml#${name}` });
  }

  const gde = kid(rulesXml, 'globalDkimEnforcement');
  return {
    manifest: {
      product: m.attrs.product ?? '',
      version: m.attrs.version ?? '',
      build: m.attrs.build ?? '',
      language: m.attrs.language ?? '',
      exportedAt: m.attrs.exportedAt ?? '',
      host: m.attrs.host ?? '',
    },
    hiddenKey: imp?.get('enable_ems_migrate')?.trim() === '1',
    ldapEnabled: ['yes', 'true', '1', 'on'].includes((ldap?.get('enable') ?? '').trim().toLowerCase()),
    rules: kids(rulesXml, 'rule').map((r, i) => parseRule(r, i)),
    globalDkimEnforcement: peerPolicy(gde, 'policy/rules.xml#globalDkimEnforcement'),
    ...parseObjects(objects),
    dkimApproved: kids(kid(approved, 'dkimApproved'), 'domain').map((e) => e.text),
    webReputationApproved: kids(kid(approved, 'webReputationApproved'), 'url').map((e) => e.text),
    urlKeywords: kids(kid(approved, 'urlKeywords'), 'keyword').map((e) => e.text),
    approvedIps: ipList(kid(sender, 'approvedList'), 'sender-filtering.xml#approvedList', false),
    blockedIps: ipList(kid(sender, 'blockedList'), 'sender-filtering.xml#blockedList', true),
    dmarc: peerPolicy(kid(sender, 'dmarc'), 'sender-filtering.xml#dmarc'),
    dkimSignatures: kids(dkim, 'signature').map((s) => {
      only(s, ['exemptDomain'], 'admin/dkim-signatures.xml');
      return {
        domain: s.attrs.domain ?? '',
        selector: s.attrs.selector ?? '',
        keyBits: num(s.attrs.keyBits, 2048),
        headerCanon: s.attrs.headerCanon ?? 'relaxed',
        bodyCanon: s.attrs.bodyCanon ?? 'relaxed',
        exemptDomains: kids(s, 'exemptDomain').map((e) => e.text),
        path: `admin/dkim-signatures.xml#signature[${s.attrs.domain ?? ''}]`,
      };
    }),
    notMigrated,
    extraFiles: bundle.extraFiles,
  };
}

function peerPolicy(el: XmlElement | undefined, path: string): SourcePeerPolicy {
  if (el) only(el, ['enforcedPeer'], path.split('#')[0]!);
  return {
    present: el !== undefined,
    enabled: bool(el?.attrs.enabled, true),
    action: el?.attrs.action ?? 'none',
    enforcedPeers: kids(el, 'enforcedPeer').map((e) => e.text),
    path,
  };
}

function ipList(el: XmlElement | undefined, path: string, blocked: boolean): SourceIpList {
  const entries: SourceIpEntry[] = [];
  const member = 'sender-filtering.xml';
  const add = (e: XmlElement, action: SourceIpEntry['action'], where: string) => {
    if (e.name !== 'ip' && e.name !== 'cidr' && e.name !== 'domain')
      throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: e.name });
    entries.push({ kind: e.name, value: e.text, action, path: `${where}/${e.name}[${e.text}]` });
  };
  for (const c of kids(el)) {
    if (blocked && c.name === 'entry') {
      const action = c.attrs.action === 'blockTemporarily' ? 'blockTemporarily' : 'blockPermanently';
      for (const e of c.children) add(e, action, path);
    } else if (!blocked && c.name === 'computerGroup') {
      for (const e of c.children) add(e, null, `${path}/computerGroup[${c.attrs.name ?? ''}]`);
    } else if (!blocked && (c.name === 'ip' || c.name === 'cidr' || c.name === 'domain')) {
      add(c, null, path);
    } else {
      throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: c.name });
    }
  }
  return {
    present: el !== undefined,
    enabled: bool(el?.attrs.enabled, true),
    applyToErsIpProfiler: bool(el?.attrs.applyToErsIpProfiler, false),
    entries,
    path,
  };
}

function routeSide(el: XmlElement | undefined, member: string): SourceRouteSide {
  const side: SourceRouteSide = { anyone: bool(el?.attrs.anyone, false), addresses: [], groupRefs: [], ldapUsers: [], ldapGroups: [] };
  for (const c of kids(el)) {
    if (c.name === 'address') side.addresses.push(c.text);
    else if (c.name === 'group') side.groupRefs.push(c.attrs.ref ?? '');
    else if (c.name === 'ldapUser') side.ldapUsers.push({ mail: c.attrs.mail ?? '', dn: c.attrs.dn ?? '' });
    else if (c.name === 'ldapGroup') side.ldapGroups.push(c.attrs.dn ?? '');
    else throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: c.name });
  }
  return side;
}

const APPLY_TO = ['incoming', 'outgoing', 'both', 'pop3'] as const;

function parseRule(r: XmlElement, index: number): SourceRule {
  const member = 'policy/rules.xml';
  only(r, ['route', 'conditions', 'actions'], member);
  const id = r.attrs.id || `#${index + 1}`;
  const path = `${member}#rule[${id}]`;
  const route = kid(r, 'route');
  if (route) only(route, ['senders', 'recipients', 'exceptions'], member);
  const exceptions = kids(kid(route, 'exceptions')).map((x) => {
    if (x.name !== 'exception') throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: x.name });
    only(x, ['sender', 'recipient'], member);
    return { sender: routeSide(kid(x, 'sender'), member), recipient: routeSide(kid(x, 'recipient'), member) };
  });
  const conditionsEl = kid(r, 'conditions');
  const applyTo = (APPLY_TO as readonly string[]).includes(r.attrs.applyTo ?? '') ? (r.attrs.applyTo as SourceRule['applyTo']) : 'incoming';
  return {
    id,
    name: r.attrs.name ?? id,
    enabled: bool(r.attrs.enabled, true),
    order: num(r.attrs.order, index + 1),
    applyTo,
    path,
    senders: routeSide(kid(route, 'senders'), member),
    recipients: routeSide(kid(route, 'recipients'), member),
    exceptions,
    match: conditionsEl?.attrs.match === 'all' ? 'all' : 'any',
    conditions: parseConditions(conditionsEl, `${path}/conditions`),
    ...parseActions(kid(r, 'actions'), `${path}/actions`),
  };
}

function refs(el: XmlElement | undefined, name: string): string[] {
  return kids(el, name).map((e) => e.attrs.ref ?? '');
}

function parseConditions(el: XmlElement | undefined, path: string): SourceCondition[] {
  const member = 'policy/rules.xml';
  const out: SourceCondition[] = [];
  for (const c of kids(el)) {
    const at = `${path}/${c.name}`;
    switch (c.name) {
      case 'attachment':
        for (const a of c.children) {
          const p = `${at}/${a.name}`;
          if (a.name === 'names')
            out.push({
              path: p,
              kind: 'attachmentNames',
              selected: bool(a.attrs.selected, true),
              values: kids(a, 'pattern').map((x) => x.text),
            });
          else if (a.name === 'mimeTypes')
            out.push({
              path: p,
              kind: 'attachmentMimeTypes',
              selected: bool(a.attrs.selected, true),
              values: kids(a, 'type').map((x) => x.text),
            });
          else if (a.name === 'trueFileTypes')
            out.push({
              path: p,
              kind: 'attachmentTrueFileTypes',
              selected: bool(a.attrs.selected, true),
              values: kids(a, 'type').map((x) => x.text),
            });
          else if (a.name === 'size') out.push({ path: p, kind: 'attachmentSize', op: opOf(a.attrs.op), bytes: bytesOf(a) });
          else if (a.name === 'count') out.push({ path: p, kind: 'attachmentCount', op: opOf(a.attrs.op), count: num(a.attrs.value) });
          else if (a.name === 'passwordProtected' || a.name === 'activeContent') out.push({ path: p, kind: a.name });
          else throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: a.name });
        }
        break;
      case 'content':
        for (const a of c.children) {
          const p = `${at}/${a.name}`;
          if (a.name === 'subject') out.push({ path: p, kind: 'subjectKeywords', listRefs: refs(a, 'keywordList') });
          else if (a.name === 'body') out.push({ path: p, kind: 'bodyKeywords', listRefs: refs(a, 'keywordList') });
          else if (a.name === 'attachmentContent')
            out.push({ path: p, kind: 'attachmentContentKeywords', listRefs: refs(a, 'keywordList') });
          else if (a.name === 'header')
            out.push({
              path: `${p}[${a.attrs.name ?? ''}]`,
              kind: 'headerKeywords',
              header: a.attrs.name ?? '',
              listRefs: refs(a, 'keywordList'),
            });
          else throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: a.name });
        }
        break;
      case 'messageSize':
        out.push({ path: at, kind: 'messageSize', op: opOf(c.attrs.op), bytes: bytesOf(c) });
        break;
      case 'recipientCount':
        out.push({ path: at, kind: 'recipientCount', op: opOf(c.attrs.op), count: num(c.attrs.value) });
        break;
      case 'spam':
      case 'webReputation':
        out.push({ path: at, kind: c.name, level: c.attrs.level ?? 'moderately-low' });
        break;
      case 'dlp':
        out.push({ path: at, kind: 'dlp', templateRefs: refs(c, 'template') });
        break;
      case 'subjectBlank':
      case 'bodyBlank':
      case 'envelopeSenderBlank':
      case 'headerSenderDiffersFromEnvelope':
      case 'headerSenderDiffersFromReplyTo':
      case 'virus':
      case 'cncEmail':
      case 'receivedTimeRange':
      case 'unableToDecrypt':
      case 'spoofedInternal':
        out.push({ path: at, kind: c.name });
        break;
      default:
        throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: c.name });
    }
  }
  return out;
}

const INTERCEPTS = ['none', 'delete', 'deliverNow', 'quarantine', 'changeRecipient'] as const;

function parseActions(el: XmlElement | undefined, path: string): { intercept: SourceIntercept; actions: SourceAction[] } {
  const member = 'policy/rules.xml';
  if (el) only(el, ['intercept', 'modify', 'monitor'], member);
  const i = kid(el, 'intercept');
  const type = (INTERCEPTS as readonly string[]).includes(i?.attrs.type ?? 'none')
    ? ((i?.attrs.type ?? 'none') as SourceIntercept['type'])
    : 'none';
  const intercept: SourceIntercept = {
    type,
    area: i?.attrs.area ?? null,
    recipients: (i?.attrs.recipients ?? '')
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter(Boolean),
    server: i?.attrs.server ?? null,
  };
  const actions: SourceAction[] = [];
  for (const a of kids(kid(el, 'modify'))) {
    const p = `${path}/modify/${a.name}`;
    if (a.name === 'xHeader') actions.push({ path: p, kind: 'xHeader', name: a.attrs.name ?? '', value: a.attrs.value ?? '' });
    else if (a.name === 'stamp') actions.push({ path: p, kind: 'stamp', ref: a.attrs.ref ?? '' });
    else if (a.name === 'tagSubject')
      actions.push({ path: p, kind: 'tagSubject', text: a.attrs.text ?? '', skipSigned: bool(a.attrs.skipSigned, false) });
    else if (a.name === 'deleteAttachments' || a.name === 'cleanMalware' || a.name === 'encrypt') actions.push({ path: p, kind: a.name });
    else if (a.name === 'sanitize') actions.push({ path: p, kind: 'sanitize', deleteIfUnable: bool(a.attrs.deleteIfUnable, false) });
    else if (a.name === 'postponeDelivery') actions.push({ path: p, kind: 'postponeDelivery', until: a.attrs.until ?? '' });
    else throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: a.name });
  }
  for (const a of kids(kid(el, 'monitor'))) {
    const p = `${path}/monitor/${a.name}`;
    if (a.name === 'notification') actions.push({ path: p, kind: 'notification', ref: a.attrs.ref ?? '' });
    else if (a.name === 'bcc')
      actions.push({
        path: p,
        kind: 'bcc',
        recipients: a.text
          .split(/[;,]/)
          .map((s) => s.trim())
          .filter(Boolean),
      });
    else if (a.name === 'archiveModified') actions.push({ path: p, kind: 'archiveModified', area: a.attrs.area ?? '' });
    else throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: a.name });
  }
  return { intercept, actions };
}

function parseObjects(objects: XmlElement | undefined) {
  const member = 'policy/objects.xml';
  const section = (name: string, childName: string) => {
    const el = kid(objects, name);
    for (const c of kids(el))
      if (c.name !== childName) throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: c.name });
    return kids(el, childName);
  };
  const dlpIdentifiersEl = kid(objects, 'dlpIdentifiers');
  return {
    addressGroups: section('addressGroups', 'group').map((g) => {
      only(g, ['address'], member);
      return {
        id: g.attrs.id ?? '',
        name: g.attrs.name ?? g.attrs.id ?? '',
        description: g.attrs.description ?? '',
        addresses: kids(g, 'address').map((a) => a.text),
        path: `${member}#group[${g.attrs.id ?? ''}]`,
      };
    }),
    keywordLists: section('keywordLists', 'list').map((l) => {
      only(l, ['expression'], member);
      const match = (['any', 'all', 'not', 'score'] as const).find((x) => x === l.attrs.match) ?? 'any';
      return {
        id: l.attrs.id ?? '',
        name: l.attrs.name ?? l.attrs.id ?? '',
        match,
        threshold: l.attrs.threshold !== undefined ? num(l.attrs.threshold) : null,
        expressions: kids(l, 'expression').map((e) => ({
          text: e.text,
          caseSensitive: bool(e.attrs.caseSensitive, false),
          score: num(e.attrs.score, 1),
          description: e.attrs.description ?? '',
        })),
        path: `${member}#list[${l.attrs.id ?? ''}]`,
      };
    }),
    notifications: section('notifications', 'notification').map((n) => {
      only(n, ['subject', 'body'], member);
      return {
        id: n.attrs.id ?? '',
        name: n.attrs.name ?? n.attrs.id ?? '',
        from: n.attrs.from ?? '',
        to: (n.attrs.to ?? '')
          .split(/[;,]/)
          .map((s) => s.trim())
          .filter(Boolean),
        subject: kid(n, 'subject')?.text ?? '',
        body: kid(n, 'body')?.text ?? '',
        path: `${member}#notification[${n.attrs.id ?? ''}]`,
      };
    }),
    stamps: section('stamps', 'stamp').map((s) => {
      only(s, ['text'], member);
      return {
        id: s.attrs.id ?? '',
        name: s.attrs.name ?? s.attrs.id ?? '',
        position: s.attrs.position === 'end' ? ('end' as const) : ('beginning' as const),
        text: kid(s, 'text')?.text ?? '',
        path: `${member}#stamp[${s.attrs.id ?? ''}]`,
      };
    }),
    dlpTemplates: section('dlpTemplates', 'template').map((t) => {
      only(t, ['expressionRef', 'keywordListRef', 'fileAttributeRef'], member);
      return {
        id: t.attrs.id ?? '',
        name: t.attrs.name ?? t.attrs.id ?? '',
        predefined: bool(t.attrs.predefined, false),
        identifierRefs: t.children.map((c) => c.attrs.ref ?? ''),
        path: `${member}#template[${t.attrs.id ?? ''}]`,
      };
    }),
    dlpIdentifiers: kids(dlpIdentifiersEl).map((d) => {
      const kind =
        d.name === 'expression'
          ? 'EXPRESSION'
          : d.name === 'keywordList'
            ? 'KEYWORD_LIST'
            : d.name === 'fileAttribute'
              ? 'FILE_ATTRIBUTE'
              : null;
      if (!kind) throw bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path: member, element: d.name });
      const definition: Record<string, string> = { ...d.attrs };
      delete definition.id;
      delete definition.name;
      delete definition.predefined;
      if (d.text) definition.text = d.text;
      return {
        id: d.attrs.id ?? '',
        name: d.attrs.name ?? d.attrs.id ?? '',
        predefined: bool(d.attrs.predefined, false),
        kind,
        definition,
        path: `${member}#${d.name}[${d.attrs.id ?? ''}]`,
      } as const;
    }),
  };
}
