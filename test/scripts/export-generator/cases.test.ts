// cases: 'none' gives only one-to-one settings; cases: 'all' adds every §10 content row.
import { describe, expect, it } from 'vitest';
import { GENERATED_CASES, generatedCasesFor, OPTION_CASES, type GenerateOptions } from '../../../scripts/export-generator/generate.js';
import { count, iniSections, ruleBlocks, section, texts } from './read-members.js';

const SMALL: Partial<GenerateOptions> = { rules: 25, addressGroups: 6, addressesPerGroup: 4, keywordLists: 4, ipEntries: 30 };

describe("cases: 'none' — only settings that map one-to-one", () => {
  const m = texts({ rules: 400, addressGroups: 30, addressesPerGroup: 6, keywordLists: 20, ipEntries: 400, seed: 3 });
  const rules = m['policy/rules.xml']!;
  const objects = m['policy/objects.xml']!;
  const managed = ['example.co.jp', 'example.jp'];

  it('has no case markers and none of the constructs the analysis flags', () => {
    for (const text of Object.values(m)) expect(text).not.toContain('case:');
    for (const bad of [
      'applyTo="pop3"',
      'applyTo="both"',
      '<cncEmail',
      '<receivedTimeRange',
      '<unableToDecrypt',
      '<spoofedInternal',
      '<postponeDelivery',
      '<archiveModified',
      '<ldapUser',
      '<ldapGroup',
      'name="X-TM',
      'name="X-MT',
      '<globalDkimEnforcement',
    ])
      expect(rules, bad).not.toContain(bad);
    expect(objects).not.toContain('predefined="true"');
    expect(objects).not.toMatch(/%(RULETYPE|ENTITY|QUARANTINE_PATH|QUARANTINE_AREA|PROTOCOL|HOSTNAME|MAILCHARSET|SUSPICIOUS_URL)%/);
    expect(m['policy/approved-lists.xml']).not.toContain('<dkimApproved');
    expect(m['admin/dkim-signatures.xml']).not.toContain('<exemptDomain');
    const sf = m['sender-filtering.xml']!;
    for (const bad of ['blockTemporarily', '<domain>', '<dmarc', 'enabled="false"']) expect(sf, bad).not.toContain(bad);
    expect(sf).toContain('<approvedList enabled="true" applyToErsIpProfiler="true">');
  });

  it('uses only public IPv4 addresses', () => {
    for (const [, ip] of m['sender-filtering.xml']!.matchAll(/<(?:ip|cidr)>([^<]+)</g)) {
      const [a, b] = ip!.split('.').map(Number) as [number, number];
      const isPrivate =
        a === 10 ||
        a === 127 ||
        (a === 172 && b >= 16 && b < 32) ||
        (a === 192 && b === 168) ||
        (a === 169 && b === 254) ||
        a === 0 ||
        a >= 224;
      expect(isPrivate, ip).toBe(false);
    }
  });

  it('uses only supported true file types, one condition family per rule, match="all" on content rules only', () => {
    for (const t of rules.matchAll(/<trueFileTypes[^>]*>([\s\S]*?)<\/trueFileTypes>/g))
      expect(t[1]).not.toMatch(/<type>(msi|png|7z|lnk)<\/type>/);
    for (const rule of ruleBlocks(rules)) {
      const families = [
        /<virus\/>/,
        /<(spam|webReputation) /,
        /<dlp>/,
        /<(attachment|content|messageSize|recipientCount|subjectBlank|bodyBlank|envelopeSenderBlank|headerSender\w+)[ />]/,
      ].filter((re) => re.test(rule)).length;
      expect(families, rule).toBe(1);
      if (rule.includes('match="all"')) {
        expect(rule).not.toMatch(/<virus\/>|<spam |<webReputation |<dlp>|<passwordProtected\/>|<activeContent\/>|<recipientCount /);
      }
    }
  });

  it('has exactly one intercept per rule, BCC and encryption only without a terminal intercept, targets in managed domains', () => {
    for (const rule of ruleBlocks(rules)) {
      expect(count(rule, /<intercept /g)).toBe(1);
      const terminal = !rule.includes('<intercept type="none"/>');
      if (terminal) expect(rule).not.toMatch(/<bcc>|<encrypt\/>/);
      if (rule.includes('<encrypt/>')) expect(rule).toContain('applyTo="outgoing"');
      for (const [, target] of rule.matchAll(/<bcc>([^<]+)<\/bcc>/g)) expect(managed).toContain(target!.split('@')[1]);
      const change = /recipients="([^"]+)"/.exec(rule)?.[1];
      for (const target of change?.split(';') ?? []) expect(managed).toContain(target.split('@')[1]);
    }
    for (const [, from, to] of objects.matchAll(/<notification [^>]*from="([^"]+)" to="([^"]+)"/g)) {
      expect(managed).toContain(from!.split('@')[1]);
      expect(managed).toContain(to!.split('@')[1]);
    }
  });

  it('keeps internal sides inside the managed domains and resolves every reference', () => {
    const groupAddresses = new Map<string, string[]>();
    for (const [, id, body] of objects.matchAll(/<group id="([^"]+)"[^>]*>([\s\S]*?)<\/group>/g)) {
      groupAddresses.set(
        id!,
        [...body!.matchAll(/<address>([^<]+)<\/address>/g)].map((a) => a[1]!),
      );
    }
    const isManaged = (address: string): boolean => managed.includes(address.split('@')[1]!);
    const internalOk = (side: string): void => {
      for (const [, a] of side.matchAll(/<address>([^<]+)<\/address>/g)) expect(isManaged(a!), a).toBe(true);
      for (const [, g] of side.matchAll(/<group ref="([^"]+)"/g))
        for (const a of groupAddresses.get(g!)!) expect(isManaged(a), a).toBe(true);
    };
    for (const rule of ruleBlocks(rules)) {
      const outgoing = rule.includes('applyTo="outgoing"');
      internalOk(section(rule, outgoing ? 'senders' : 'recipients'));
      for (const [, ex] of rule.matchAll(/<exception>([\s\S]*?)<\/exception>/g))
        internalOk(section(ex!, outgoing ? 'sender' : 'recipient'));
    }
    const ids = new Set([...objects.matchAll(/ id="([^"]+)"/g)].map((x) => x[1]));
    for (const [, ref] of (rules + objects).matchAll(/ ref="([^"]+)"/g)) expect(ids.has(ref), ref).toBe(true);
  });

  it('writes only keyword expressions of the CEGP dialect (\\b only at an end, balanced groups)', () => {
    const expressions = [...objects.matchAll(/<expression [^>]*>([^<]*)<\/expression>/g)].map((x) => x[1]!);
    expect(expressions.length).toBeGreaterThan(20);
    for (const e of expressions) {
      expect(e.slice(2, -2), e).not.toContain('\\b');
      expect(count(e, /\(/g), e).toBe(count(e, /\)/g));
      expect(count(e, /\[/g), e).toBe(count(e, /\]/g));
      expect(count(e, /\{/g), e).toBe(count(e, /\}/g));
    }
  });
});

describe("cases: 'all'", () => {
  it('lists each §10 code once, in upper snake case', () => {
    expect(new Set(GENERATED_CASES).size).toBe(GENERATED_CASES.length);
    for (const code of GENERATED_CASES) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(new Set([...generatedCasesFor('IMSVA'), ...generatedCasesFor('IMSS')])).toEqual(new Set(GENERATED_CASES));
  });

  it.each(['IMSVA', 'IMSS'] as const)('contains an identifiable instance of every covered row (%s)', (product) => {
    const m = texts({ ...SMALL, product, cases: 'all' });
    const all = Object.values(m).join('\n');
    for (const code of generatedCasesFor(product)) expect(all, code).toMatch(new RegExp(`case:${code}\\b`));
    for (const code of GENERATED_CASES.filter((c) => !generatedCasesFor(product).includes(c))) {
      expect(all, code).not.toMatch(new RegExp(`case:${code}\\b`));
    }
    const rules = m['policy/rules.xml']!;
    for (const code of [
      'RULE_POP3',
      'RULE_SPLIT_DIRECTION',
      'RULE_SPLIT_TYPE',
      'MATCH_ALL_UNSUPPORTED',
      'CONDITION_UNSUPPORTED',
      'CRITERION_ANY_ONLY',
      'TRUE_FILE_TYPE_UNSUPPORTED',
      'LDAP_USER_STATIC',
      'LDAP_GROUP_UNSYNCED',
      'ACTION_TARGET_UNMANAGED',
      'BCC_WITH_TERMINAL',
      'ACTION_UNSUPPORTED',
      'ENCRYPT_INBOUND',
      'XHEADER_RESERVED',
      'EXPRESSION_INVALID',
      'REFERENCE_MISSING',
      'OK',
    ]) {
      expect(rules, code).toMatch(new RegExp(`<rule id="case-${code}[^"]*" name="\\[${code}\\] `));
    }
    expect(rules).toContain('applyTo="pop3"');
    expect(rules).toContain('<bcc>ddei@10.1.2.3</bcc>');
    expect(m['policy/objects.xml']).toContain('abc\\bdef');
    expect(m['sender-filtering.xml']).toContain('<dmarc ');
    expect(m['sender-filtering.xml']).toContain(product === 'IMSVA' ? 'applyToErsIpProfiler="false"' : '<approvedList enabled="false">');
  });

  it('keeps the clean rules of the same seed unchanged and adds the case rules after them', () => {
    const none = ruleBlocks(texts(SMALL)['policy/rules.xml']!);
    const all = ruleBlocks(texts({ ...SMALL, cases: 'all' })['policy/rules.xml']!);
    expect(all.slice(0, none.length)).toEqual(none);
    expect(all.length).toBeGreaterThan(none.length);
    expect(all.slice(none.length).every((r) => r.startsWith('<rule id="case-'))).toBe(true);
  });

  it('documents the option-driven rows', () => {
    const hidden = texts({ ...SMALL, ...OPTION_CASES.HIDDEN_KEY_MISSING });
    expect(hidden['imss.ini']).not.toMatch(/enable_ems_migrate/);
    const old = texts({ ...SMALL, ...OPTION_CASES.SOURCE_VERSION_UNSUPPORTED });
    expect(old['manifest.xml']).toMatch(/product="IMSVA" version="9\.1" build="2010"/);
    const ldap = texts({ ...SMALL, ...OPTION_CASES.LDAP_NOT_SYNCED });
    expect(iniSections(ldap['imss.ini']!).get('ldap')?.get('enable')).toBe('yes');
  });
});
