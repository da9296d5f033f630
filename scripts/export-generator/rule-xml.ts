// Rendering of one Policy List rule (spec §5) and the condition/action fragments it holds.
import { attrs, esc } from './xml.js';

/** An address (`user@d`, `*@d`, `*@*.d`, `user@*`), an address group, or an LDAP entry. */
export type Party = string | { group: string } | { ldapUser: string; dn: string } | { ldapGroup: string };
export type Side = 'anyone' | Party[];
export type ApplyTo = 'incoming' | 'outgoing' | 'both' | 'pop3';

export interface RuleModel {
  id: string;
  name: string;
  enabled: boolean;
  applyTo: ApplyTo;
  senders: Side;
  recipients: Side;
  exceptions: { sender: Side; recipient: Side }[];
  match: 'any' | 'all';
  /** Rendered condition elements (see the helpers below). */
  conditions: string[];
  /** Rendered `<intercept/>`. */
  intercept: string;
  modify: string[];
  monitor: string[];
  /** Case code written as `<!-- case:CODE -->` before the rule (cases: 'all'). */
  caseCode?: string;
}

export function renderRule(rule: RuleModel, order: number): string {
  const out: string[] = [];
  if (rule.caseCode) out.push(`  <!-- case:${rule.caseCode} -->`);
  out.push(`  <rule${attrs({ id: rule.id, name: rule.name, enabled: rule.enabled, order, applyTo: rule.applyTo })}>`);
  out.push('    <route>');
  out.push(`      ${side('senders', rule.senders)}`);
  out.push(`      ${side('recipients', rule.recipients)}`);
  if (rule.exceptions.length > 0) {
    out.push('      <exceptions>');
    for (const e of rule.exceptions)
      out.push(`        <exception>${side('sender', e.sender)}${side('recipient', e.recipient)}</exception>`);
    out.push('      </exceptions>');
  }
  out.push('    </route>');
  if (rule.conditions.length === 0) {
    out.push(`    <conditions match="${rule.match}"/>`);
  } else {
    out.push(`    <conditions match="${rule.match}">`);
    for (const c of rule.conditions) out.push(`      ${c}`);
    out.push('    </conditions>');
  }
  out.push('    <actions>');
  out.push(`      ${rule.intercept}`);
  if (rule.modify.length > 0) out.push(`      <modify>${rule.modify.join('')}</modify>`);
  if (rule.monitor.length > 0) out.push(`      <monitor>${rule.monitor.join('')}</monitor>`);
  out.push('    </actions>');
  out.push('  </rule>');
  return out.join('\n');
}

function side(tag: string, value: Side): string {
  if (value === 'anyone') return `<${tag} anyone="true"/>`;
  return `<${tag}>${value.map(party).join('')}</${tag}>`;
}

function party(p: Party): string {
  if (typeof p === 'string') return `<address>${esc(p)}</address>`;
  if ('group' in p) return `<group ref="${esc(p.group)}"/>`;
  if ('ldapUser' in p) return `<ldapUser${attrs({ mail: p.ldapUser, dn: p.dn })}/>`;
  return `<ldapGroup dn="${esc(p.ldapGroup)}"/>`;
}

// ---- conditions -------------------------------------------------------------------------

export type Op = 'gt' | 'le';
export type Unit = 'B' | 'KB' | 'MB';

export interface AttachmentCriteria {
  names?: { selected: boolean; patterns: string[] };
  mimeTypes?: { selected: boolean; types: string[] };
  trueFileTypes?: { selected: boolean; types: string[] };
  size?: { op: Op; value: number; unit: Unit };
  count?: { op: Op; value: number };
  passwordProtected?: boolean;
  activeContent?: boolean;
}

export function attachment(a: AttachmentCriteria): string {
  let s = '<attachment>';
  if (a.names) s += `<names selected="${a.names.selected}">${a.names.patterns.map((p) => `<pattern>${esc(p)}</pattern>`).join('')}</names>`;
  if (a.mimeTypes)
    s += `<mimeTypes selected="${a.mimeTypes.selected}">${a.mimeTypes.types.map((x) => `<type>${esc(x)}</type>`).join('')}</mimeTypes>`;
  if (a.trueFileTypes) {
    s += `<trueFileTypes selected="${a.trueFileTypes.selected}">${a.trueFileTypes.types.map((x) => `<type>${esc(x)}</type>`).join('')}</trueFileTypes>`;
  }
  if (a.size) s += `<size${attrs(a.size)}/>`;
  if (a.count) s += `<count${attrs(a.count)}/>`;
  if (a.passwordProtected) s += '<passwordProtected/>';
  if (a.activeContent) s += '<activeContent/>';
  return `${s}</attachment>`;
}

export const messageSize = (op: Op, value: number, unit: Unit): string => `<messageSize${attrs({ op, value, unit })}/>`;

export interface ContentCriteria {
  subject?: string[];
  body?: string[];
  header?: { name: string; refs: string[] };
  attachmentContent?: string[];
}

export function content(c: ContentCriteria): string {
  const lists = (refs: string[]): string => refs.map((r) => `<keywordList ref="${esc(r)}"/>`).join('');
  let s = '<content>';
  if (c.subject) s += `<subject>${lists(c.subject)}</subject>`;
  if (c.body) s += `<body>${lists(c.body)}</body>`;
  if (c.header) s += `<header name="${esc(c.header.name)}">${lists(c.header.refs)}</header>`;
  if (c.attachmentContent) s += `<attachmentContent>${lists(c.attachmentContent)}</attachmentContent>`;
  return `${s}</content>`;
}

export const recipientCount = (op: Op, value: number): string => `<recipientCount${attrs({ op, value })}/>`;
export const spam = (level: string): string => `<spam level="${esc(level)}"/>`;
export const webReputation = (level: string): string => `<webReputation level="${esc(level)}"/>`;
export const dlp = (refs: string[]): string => `<dlp>${refs.map((r) => `<template ref="${esc(r)}"/>`).join('')}</dlp>`;
export const receivedTimeRange = (from: string, to: string): string => `<receivedTimeRange${attrs({ from, to })}/>`;

/** Conditions without parameters. */
export const FLAG = {
  subjectBlank: '<subjectBlank/>',
  bodyBlank: '<bodyBlank/>',
  envelopeSenderBlank: '<envelopeSenderBlank/>',
  headerSenderDiffersFromEnvelope: '<headerSenderDiffersFromEnvelope/>',
  headerSenderDiffersFromReplyTo: '<headerSenderDiffersFromReplyTo/>',
  virus: '<virus/>',
  cncEmail: '<cncEmail/>',
  unableToDecrypt: '<unableToDecrypt/>',
  spoofedInternal: '<spoofedInternal/>',
} as const;

// ---- actions ----------------------------------------------------------------------------

export const intercept = {
  none: (): string => '<intercept type="none"/>',
  delete: (): string => '<intercept type="delete"/>',
  deliverNow: (server?: string): string => `<intercept${attrs({ type: 'deliverNow', server })}/>`,
  quarantine: (area = 'Default'): string => `<intercept${attrs({ type: 'quarantine', area })}/>`,
  changeRecipient: (recipients: string[]): string => `<intercept${attrs({ type: 'changeRecipient', recipients: recipients.join(';') })}/>`,
};

export const xHeader = (name: string, value: string): string => `<xHeader${attrs({ name, value })}/>`;
export const stampRef = (ref: string): string => `<stamp ref="${esc(ref)}"/>`;
export const tagSubject = (text: string, skipSigned: boolean): string => `<tagSubject${attrs({ text, skipSigned })}/>`;
export const sanitize = (deleteIfUnable: boolean): string => `<sanitize deleteIfUnable="${deleteIfUnable}"/>`;
export const postponeDelivery = (until: string): string => `<postponeDelivery until="${esc(until)}"/>`;
export const notificationRef = (ref: string): string => `<notification ref="${esc(ref)}"/>`;
export const bcc = (address: string): string => `<bcc>${esc(address)}</bcc>`;
export const archiveModified = (area: string): string => `<archiveModified area="${esc(area)}"/>`;

export const MODIFY_FLAG = {
  deleteAttachments: '<deleteAttachments/>',
  cleanMalware: '<cleanMalware/>',
  encrypt: '<encrypt/>',
} as const;
