// The hand-written export fixtures (test/fixtures/exports/) stay valid and as documented.
import { XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixtureExport, fixtureMembers, fixtureNames, memberText } from '../support/export-fixtures.js';

const declared = (bytes: Uint8Array): string | undefined =>
  /^<\?xml[^>]*encoding="([^"]+)"/.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 200)))?.[1];

describe('export fixtures', () => {
  it('lists the fixture folders', () => {
    expect(fixtureNames()).toEqual(['imss-ja-ldap', 'imsva-ja-basic', 'imsva-no-hidden-key']);
    expect(() => fixtureMembers('nope')).toThrow(/No export fixture named "nope"/);
  });

  it.each(fixtureNames())('%s: zips every file as its bytes, reproducibly', (name) => {
    const members = fixtureMembers(name);
    expect(Object.keys(members)).toContain('manifest.xml');
    expect(Object.keys(members)).toContain('imss.ini');
    const zip = fixtureExport(name);
    expect(Buffer.from(fixtureExport(name)).equals(Buffer.from(zip))).toBe(true);
    const unzipped = unzipSync(zip);
    expect(Object.keys(unzipped).sort()).toEqual(Object.keys(members).sort());
    for (const [path, bytes] of Object.entries(members)) expect(Buffer.from(unzipped[path]!).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each(fixtureNames())('%s: every XML member is well-formed in its declared charset, with no DTD', (name) => {
    for (const [path, bytes] of Object.entries(fixtureMembers(name))) {
      if (!path.endsWith('.xml')) continue;
      const text = memberText(bytes);
      expect(text, path).not.toContain('\uFFFD');
      expect(XMLValidator.validate(text), path).toBe(true);
      expect(text, path).not.toMatch(/<!DOCTYPE|<!ENTITY/);
    }
  });

  it.each(fixtureNames())('%s: every reference in the rules resolves', (name) => {
    const m = fixtureMembers(name);
    const objects = memberText(m['policy/objects.xml']!);
    const ids = new Set([...objects.matchAll(/ id="([^"]+)"/g)].map((x) => x[1]));
    for (const [, ref] of (memberText(m['policy/rules.xml']!) + objects).matchAll(/ ref="([^"]+)"/g)) expect(ids.has(ref), ref).toBe(true);
  });

  it('stores the Shift_JIS and EUC-JP members in those charsets', () => {
    const basic = fixtureMembers('imsva-ja-basic');
    expect(declared(basic['policy/objects.xml']!)).toBe('Shift_JIS');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(basic['policy/objects.xml'])).toThrow();
    expect(memberText(basic['policy/objects.xml']!)).toContain('<group id="ag-exec" name="役員"');
    expect(memberText(basic['policy/objects.xml']!)).toContain('<list id="kw-conf" name="機密情報" match="score" threshold="10">');

    const ldap = fixtureMembers('imss-ja-ldap');
    expect(declared(ldap['policy/rules.xml']!)).toBe('EUC-JP');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(ldap['policy/rules.xml'])).toThrow();
    expect(memberText(ldap['policy/rules.xml']!)).toContain('name="役員宛てメールのウイルス検索"');
  });

  it('imsva-ja-basic: an IMSVA 2011 export with the hidden key and the documented rules', () => {
    const m = fixtureMembers('imsva-ja-basic');
    expect(memberText(m['manifest.xml']!)).toMatch(/product="IMSVA" version="9\.1" build="2011"/);
    expect(memberText(m['imss.ini']!)).toMatch(/^\[imp_exp\]\nenable_ems_migrate=1$/m);
    const rules = memberText(m['policy/rules.xml']!);
    for (const name of ['DDEIにBCCでメール送信', '添付ファイル制限', '機密情報の送信監視', '外部メール注意スタンプ'])
      expect(rules).toContain(`name="${name}"`);
    expect(rules).toContain('<bcc>ddei@10.1.2.3</bcc>');
    expect(memberText(m['admin/dkim-signatures.xml']!)).toContain('<exemptDomain>');
  });

  it('imss-ja-ldap: IMSS 1361 with LDAP, LDAP users and groups in routes, and DMARC', () => {
    const m = fixtureMembers('imss-ja-ldap');
    expect(memberText(m['manifest.xml']!)).toMatch(/product="IMSS" version="9\.1" build="1361"/);
    expect(memberText(m['imss.ini']!)).toMatch(/^\[ldap\]\nenable=yes$/m);
    const rules = memberText(m['policy/rules.xml']!);
    expect(rules).toContain('<ldapUser ');
    expect(rules).toContain('<ldapGroup ');
    expect(memberText(m['sender-filtering.xml']!)).toContain('<dmarc ');
    expect(Object.keys(m)).not.toContain('admin/dkim-signatures.xml');
  });

  it('imsva-no-hidden-key: imsva-ja-basic without the hidden key, and nothing else changed', () => {
    const basic = fixtureMembers('imsva-ja-basic');
    const noKey = fixtureMembers('imsva-no-hidden-key');
    expect(Object.keys(noKey)).toEqual(Object.keys(basic));
    for (const path of Object.keys(basic)) {
      if (path === 'imss.ini') continue;
      expect(Buffer.from(noKey[path]!).equals(Buffer.from(basic[path]!)), path).toBe(true);
    }
    expect(memberText(noKey['imss.ini']!)).not.toMatch(/enable_ems_migrate/);
  });
});
