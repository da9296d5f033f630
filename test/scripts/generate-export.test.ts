// The export generator (scripts/export-generator/generate.ts) and its CLI (scripts/generate-export.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFileName, generateExport, generateExportMembers, type GenerateOptions } from '../../scripts/export-generator/generate.js';
import { memberText } from '../support/export-fixtures.js';
import { count, iniSections, section, texts } from './export-generator/read-members.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SMALL: Partial<GenerateOptions> = { rules: 25, addressGroups: 6, addressesPerGroup: 4, keywordLists: 4, ipEntries: 30 };

describe('generateExport', () => {
  it('is deterministic: the same options give identical bytes, another seed different ones', () => {
    for (const extra of [{}, { cases: 'all' as const, product: 'IMSS' as const, xmlEncoding: 'Shift_JIS' as const }]) {
      const a = generateExport({ ...SMALL, ...extra, seed: 7 });
      const b = generateExport({ ...SMALL, ...extra, seed: 7 });
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      const c = generateExport({ ...SMALL, ...extra, seed: 8 });
      expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    }
  });

  it('zips exactly the generated members, with manifest.xml and imss.ini and every optional member', () => {
    const members = generateExportMembers(SMALL);
    const unzipped = unzipSync(generateExport(SMALL));
    expect(Object.keys(unzipped).sort()).toEqual(Object.keys(members).sort());
    for (const [path, bytes] of Object.entries(members)) expect(Buffer.from(unzipped[path]!).equals(Buffer.from(bytes))).toBe(true);
    expect(Object.keys(members).sort()).toEqual([
      'admin/dkim-signatures.xml',
      'admin/settings.xml',
      'euq/settings.xml',
      'imss.ini',
      'manifest.xml',
      'policy/approved-lists.xml',
      'policy/objects.xml',
      'policy/other.xml',
      'policy/rules.xml',
      'sender-filtering.xml',
    ]);
    // DKIM signing is IMSVA-only.
    expect(Object.keys(generateExportMembers({ ...SMALL, product: 'IMSS' }))).not.toContain('admin/dkim-signatures.xml');
  });

  it('honours the requested sizes', () => {
    const sizes = { rules: 37, addressGroups: 11, addressesPerGroup: 7, keywordLists: 9, expressionsPerList: 4, ipEntries: 53 };
    const m = texts(sizes);
    expect(count(m['policy/rules.xml']!, /<rule /g)).toBe(37);
    const groups = section(m['policy/objects.xml']!, 'addressGroups');
    expect(count(groups, /<group /g)).toBe(11);
    expect(count(groups, /<address>/g)).toBe(77);
    for (const g of groups.match(/<group [\s\S]*?<\/group>/g)!) {
      const addresses = g.match(/<address>[^<]*<\/address>/g)!;
      expect(new Set(addresses).size).toBe(7);
    }
    const lists = section(m['policy/objects.xml']!, 'keywordLists');
    expect(count(lists, /<list /g)).toBe(9);
    expect(count(lists, /<expression /g)).toBe(36);
    expect(count(m['sender-filtering.xml']!, /<(ip|cidr)>/g)).toBe(53);
    const ips = m['sender-filtering.xml']!.match(/<(?:ip|cidr)>([^<]+)</g)!;
    expect(new Set(ips).size).toBe(53);
  });

  it('generates benchmark sizes (10,000 rules, 2,000 × 50 addresses, 500 lists, 20,000 IP entries)', () => {
    const m = texts({ rules: 10_000, addressGroups: 2_000, addressesPerGroup: 50, keywordLists: 500, ipEntries: 20_000 });
    expect(count(m['policy/rules.xml']!, /<rule /g)).toBe(10_000);
    expect(count(section(m['policy/objects.xml']!, 'addressGroups'), /<address>/g)).toBe(100_000);
    expect(count(section(m['policy/objects.xml']!, 'keywordLists'), /<list /g)).toBe(500);
    expect(count(m['sender-filtering.xml']!, /<(ip|cidr)>/g)).toBe(20_000);
    expect(XMLValidator.validate(m['policy/rules.xml']!)).toBe(true);
  });

  it('accepts zero of everything', () => {
    const m = texts({ rules: 0, addressGroups: 0, addressesPerGroup: 0, keywordLists: 0, ipEntries: 0 });
    expect(count(m['policy/rules.xml']!, /<rule /g)).toBe(0);
    for (const text of Object.values(m)) if (text.startsWith('<?xml')) expect(XMLValidator.validate(text)).toBe(true);
  });

  it.each([
    ['IMSVA', 'none', 'UTF-8'],
    ['IMSVA', 'all', 'UTF-8'],
    ['IMSS', 'all', 'Shift_JIS'],
    ['IMSVA', 'none', 'EUC-JP'],
    ['IMSS', 'none', 'UTF-8'],
    ['IMSVA', 'all', 'EUC-JP'],
  ] as const)('writes well-formed XML members without DTDs (%s, cases %s, %s)', (product, cases, xmlEncoding) => {
    for (const language of ['ja', 'en'] as const) {
      const m = texts({ ...SMALL, product, cases, xmlEncoding, language, ldap: true });
      for (const [path, text] of Object.entries(m)) {
        if (path === 'imss.ini') continue;
        expect(text.startsWith(`<?xml version="1.0" encoding="${xmlEncoding}"?>`), path).toBe(true);
        expect(XMLValidator.validate(text), path).toBe(true);
        expect(text).not.toMatch(/<!DOCTYPE|<!ENTITY/);
      }
    }
  });

  it('escapes XML special characters in names, expressions and texts', () => {
    const objects = texts({ ...SMALL, keywordLists: 40, cases: 'all' })['policy/objects.xml']!;
    expect(objects).toContain('%DATE&amp;TIME%');
    expect(objects).toContain('R&amp;D');
    expect(texts({ ...SMALL, cases: 'all' })['policy/rules.xml']).toContain('C&amp;C');
  });

  it.each(['Shift_JIS', 'EUC-JP'] as const)('stores %s members as that charset, decoding back to the same text', (xmlEncoding) => {
    const utf8 = generateExportMembers({ ...SMALL, cases: 'all' });
    const other = generateExportMembers({ ...SMALL, cases: 'all', xmlEncoding });
    for (const [path, bytes] of Object.entries(other)) {
      const expected = new TextDecoder().decode(utf8[path]);
      if (path === 'imss.ini') {
        expect(new TextDecoder().decode(bytes)).toBe(expected);
        continue;
      }
      const decoded = memberText(bytes);
      expect(decoded, path).toBe(expected.replace('encoding="UTF-8"', `encoding="${xmlEncoding}"`));
      expect(decoded).not.toContain('\uFFFD');
      if (/[^\x00-\x7f]/.test(expected)) expect(Buffer.from(bytes).equals(Buffer.from(utf8[path]!)), path).toBe(false);
    }
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(other['policy/objects.xml'])).toThrow();
  });

  it('writes the manifest of the product, build and language', () => {
    const imsva = texts({ rules: 1 })['manifest.xml']!;
    expect(imsva).toMatch(/product="IMSVA" version="9\.1" build="2011" platform="Linux" language="ja"/);
    expect(imsva).toMatch(/iniCharset="UTF-8"/);
    const imss = texts({ rules: 1, product: 'IMSS', language: 'en' })['manifest.xml']!;
    expect(imss).toMatch(/product="IMSS" version="9\.1" build="1361" platform="Linux" language="en"/);
    expect(texts({ rules: 1, build: '2040' })['manifest.xml']).toMatch(/build="2040"/);
  });

  it('reflects hiddenKey and ldap in imss.ini', () => {
    const plain = iniSections(texts(SMALL)['imss.ini']!);
    expect(plain.get('imp_exp')?.get('enable_ems_migrate')).toBe('1');
    expect(plain.has('ldap')).toBe(false);
    expect(plain.has('smtp')).toBe(true);

    const ini = texts({ ...SMALL, hiddenKey: false, ldap: true })['imss.ini']!;
    expect(ini).not.toMatch(/enable_ems_migrate/);
    expect(iniSections(ini).get('ldap')?.get('enable')).toBe('yes');
  });

  it('names the export file like IMSS/IMSVA does', () => {
    expect(exportFileName(new Date(2024, 4, 22, 15, 39, 25))).toBe('Config_Files_20240522_153925.dat');
    expect(exportFileName(new Date(2025, 0, 3, 4, 5, 6))).toBe('Config_Files_20250103_040506.dat');
  });

  it.each<[string, Partial<GenerateOptions>]>([
    ['a negative count', { rules: -1 }],
    ['a fractional count', { ipEntries: 1.5 }],
    ['a bad domain', { domains: ['Not A Domain'] }],
    ['no domains', { domains: [] }],
    ['a non-numeric build', { build: '9.1.0.2011' }],
    ['an unknown product', { product: 'IMSX' as 'IMSS' }],
  ])('refuses %s with a RangeError', (_label, opts) => {
    expect(() => generateExportMembers(opts)).toThrow(RangeError);
  });
});

describe('scripts/generate-export.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'generate-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-export.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

  it('writes the export and prints its path and size', () => {
    const out = join(dir, 'Config_Files_20240522_153925.dat');
    const r = run(
      '--out',
      out,
      '--rules',
      '12',
      '--groups',
      '3',
      '--addresses-per-group',
      '4',
      '--keyword-lists',
      '2',
      '--ip-entries',
      '9',
      '--seed',
      '5',
      '--product',
      'IMSS',
      '--cases',
      'all',
      '--ldap',
      '--no-hidden-key',
      '--encoding',
      'EUC-JP',
      '--domains',
      'example.co.jp,example.jp',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bytes = readFileSync(out);
    expect(r.stdout.trim()).toBe(`${out} ${bytes.length} bytes`);
    const expected = generateExport({
      rules: 12,
      addressGroups: 3,
      addressesPerGroup: 4,
      keywordLists: 2,
      ipEntries: 9,
      seed: 5,
      product: 'IMSS',
      cases: 'all',
      ldap: true,
      hiddenKey: false,
      xmlEncoding: 'EUC-JP',
      domains: ['example.co.jp', 'example.jp'],
    });
    expect(bytes.equals(Buffer.from(expected))).toBe(true);
  });

  it.each([
    [['--out', 'x.dat', '--rules', 'many']],
    [['--out', 'x.dat', '--bogus']],
    [['--out', 'x.dat', '--product', 'IMSX']],
    [['--out', 'x.dat', '--encoding', 'latin1']],
    [['--rules', '3']],
    [['--out', 'x.dat', '--seed']],
  ])('exits 2 with one sentence on stderr for %j', (args) => {
    const r = run(...args.map((a) => (a === 'x.dat' ? join(dir, 'never.dat') : a)));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(/^\S.*\.$/);
  });
});
