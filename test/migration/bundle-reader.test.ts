import iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES, RATIO_FLOOR_BYTES, readBundle } from '../../src/migration/bundle-reader.js';
import type { XmlElement } from '../../src/migration/bundle.js';
import { parseIni } from '../../src/migration/ini.js';
import { MAX_XML_DEPTH, parseXmlMember } from '../../src/migration/xml.js';
import { zipMembers } from '../support/zip.js';

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<export product="IMSVA" version="9.1" build="2011" platform="Linux" language="ja"
        exportedAt="2024-05-22T15:39:25+09:00" host="imsva01.example.co.jp" iniCharset="UTF-8"/>`;

const INI = `# exported by IMSVA
[imp_exp]
enable_ems_migrate=1

[ldap]
enable=yes
`;

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<policyList>
  <rule id="r12" name="TMEMS Migration Test Policy" enabled="true" order="2" applyTo="incoming">
    <actions><modify><tagSubject text="[注意]" skipSigned="true"/></modify></actions>
  </rule>
</policyList>`;

function child(el: XmlElement, name: string): XmlElement {
  const found = el.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${el.name}> has no <${name}>`);
  return found;
}

function xml(text: string): XmlElement {
  return parseXmlMember('policy/rules.xml', new TextEncoder().encode(text));
}

describe('readBundle', () => {
  it('reads a UTF-8 export: manifest, imss.ini, known XML members and extra files', async () => {
    const bytes = zipMembers({
      'manifest.xml': MANIFEST,
      'imss.ini': INI,
      'policy/': new Uint8Array(0),
      'policy/rules.xml': RULES,
      'readme.txt': 'not part of the format',
      'logs/imss.log': 'x',
      'メモ/説明.txt': 'y',
    });
    const bundle = await readBundle({ fileName: 'Config_Files_20240522_153925.dat', bytes });

    expect(bundle.fileName).toBe('Config_Files_20240522_153925.dat');
    expect(bundle.sizeBytes).toBe(bytes.byteLength);
    expect(bundle.manifest.name).toBe('export');
    expect(bundle.manifest.attrs).toMatchObject({ product: 'IMSVA', version: '9.1', build: '2011', host: 'imsva01.example.co.jp' });
    expect(bundle.ini.sections.get('imp_exp')?.get('enable_ems_migrate')).toBe('1');
    expect(bundle.ini.sections.get('ldap')?.get('enable')).toBe('yes');
    expect([...bundle.xml.keys()]).toEqual(['policy/rules.xml']);
    const rule = child(bundle.xml.get('policy/rules.xml')!, 'rule');
    expect(rule.attrs.name).toBe('TMEMS Migration Test Policy');
    expect(child(child(child(rule, 'actions'), 'modify'), 'tagSubject').attrs.text).toBe('[注意]');
    // The directory entry is ignored; unknown files are listed, not parsed.
    expect(bundle.extraFiles).toEqual(['readme.txt', 'logs/imss.log', 'メモ/説明.txt']);
  });

  it('reads the same export from the file it is kept in, and refuses a file that is no ZIP alike', async () => {
    const bytes = zipMembers({
      'manifest.xml': MANIFEST,
      'imss.ini': INI,
      'policy/rules.xml': RULES,
      'big/extra.bin': new Uint8Array(randomBytes(3 * 1024 * 1024)),
    });
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    try {
      writeFileSync(join(dir, 'a.dat'), bytes);
      const fromFile = await readBundle({ fileName: 'a.dat', path: join(dir, 'a.dat') });
      const fromBytes = await readBundle({ fileName: 'a.dat', bytes });
      expect(fromFile).toEqual(fromBytes);
      expect(fromFile.extraFiles).toEqual(['big/extra.bin']);
      writeFileSync(join(dir, 'b.dat'), 'not a zip at all');
      await expect(readBundle({ fileName: 'b.dat', path: join(dir, 'b.dat') })).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
      writeFileSync(join(dir, 'c.dat'), bytes.subarray(0, bytes.length - 30));
      await expect(readBundle({ fileName: 'c.dat', path: join(dir, 'c.dat') })).rejects.toMatchObject({ code: 'BUNDLE_TRUNCATED' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the same export stored and deflated', async () => {
    const members = { 'manifest.xml': MANIFEST, 'imss.ini': INI, 'policy/rules.xml': RULES };
    for (const level of [0, 9]) {
      const bundle = await readBundle({ fileName: 'x.dat', bytes: zipMembers(members, { level }) });
      expect(child(bundle.xml.get('policy/rules.xml')!, 'rule').attrs.id).toBe('r12');
    }
  });

  it('reads every known XML member into bundle.xml', async () => {
    const paths = [
      'policy/rules.xml',
      'policy/objects.xml',
      'policy/approved-lists.xml',
      'policy/other.xml',
      'sender-filtering.xml',
      'admin/dkim-signatures.xml',
      'admin/settings.xml',
      'euq/settings.xml',
    ];
    const members: Record<string, string> = { 'manifest.xml': MANIFEST, 'imss.ini': INI };
    // Schema-checked members need their own root element; the open members take any.
    const roots: Record<string, string> = {
      'policy/rules.xml': 'policyList',
      'policy/objects.xml': 'policyObjects',
      'policy/approved-lists.xml': 'approvedLists',
      'sender-filtering.xml': 'senderFiltering',
      'admin/dkim-signatures.xml': 'dkimSignatures',
    };
    for (const p of paths) members[p] = `<${roots[p] ?? 'root'} path="${p}"/>`;
    const bundle = await readBundle({ fileName: 'x.dat', bytes: zipMembers(members) });
    expect([...bundle.xml.keys()].sort()).toEqual([...paths].sort());
    expect(bundle.xml.get('euq/settings.xml')!.attrs.path).toBe('euq/settings.xml');
    expect(bundle.extraFiles).toEqual([]);
  });

  it('round-trips Japanese text in Shift_JIS and EUC-JP members and a Shift_JIS imss.ini', async () => {
    const objects = `<?xml version="1.0" encoding="Shift_JIS"?>
<policyObjects><addressGroups><group id="ag-exec" name="役員" description="①取締役"/></addressGroups>
<keywordLists><list id="kw-conf" name="Confidential"><expression>機密|社外秘</expression></list></keywordLists></policyObjects>`;
    const stamps = `<?xml version='1.0' encoding='EUC-JP'?>
<senderFiltering><blockedList enabled="true"><entry action="blockPermanently"><domain>迷惑メール.example</domain></entry></blockedList></senderFiltering>`;
    const manifest = MANIFEST.replace('iniCharset="UTF-8"', 'iniCharset="Shift_JIS"');
    const bundle = await readBundle({
      fileName: 'x.dat',
      bytes: zipMembers({
        'manifest.xml': manifest,
        'imss.ini': iconv.encode('[imp_exp]\nenable_ems_migrate=1\n[smtp]\nbanner=ようこそ\n', 'Shift_JIS'),
        'policy/objects.xml': iconv.encode(objects, 'cp932'),
        'sender-filtering.xml': iconv.encode(stamps, 'EUC-JP'),
      }),
    });
    const policyObjects = bundle.xml.get('policy/objects.xml')!;
    const group = child(child(policyObjects, 'addressGroups'), 'group');
    expect(group.attrs).toEqual({ id: 'ag-exec', name: '役員', description: '①取締役' });
    expect(child(child(child(policyObjects, 'keywordLists'), 'list'), 'expression').text).toBe('機密|社外秘');
    const domain = child(child(child(bundle.xml.get('sender-filtering.xml')!, 'blockedList'), 'entry'), 'domain');
    expect(domain.text).toBe('迷惑メール.example');
    expect(bundle.ini.sections.get('smtp')?.get('banner')).toBe('ようこそ');
  });

  it('decodes Shift_JIS and EUC-JP from known bytes (not only through the encoder it uses)', () => {
    // あ is 0x82 0xA0 in Shift_JIS and 0xA4 0xA2 in EUC-JP (JIS X 0208 row 4, cell 2).
    const head = (enc: string) => new TextEncoder().encode(`<?xml version="1.0" encoding="${enc}"?><a>`);
    const tail = new TextEncoder().encode('</a>');
    const doc = (enc: string, body: number[]) => new Uint8Array([...head(enc), ...body, ...tail]);
    for (const enc of ['Shift_JIS', 'SJIS', 'Windows-31J', 'CP932', 'x-sjis', 'shift_jis']) {
      expect(parseXmlMember('m.xml', doc(enc, [0x82, 0xa0])).text).toBe('あ');
    }
    expect(parseXmlMember('m.xml', doc('EUC-JP', [0xa4, 0xa2])).text).toBe('あ');
  });

  it('accepts a UTF-8 BOM on XML members and imss.ini', async () => {
    const bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const bundle = await readBundle({
      fileName: 'x.dat',
      bytes: zipMembers({ 'manifest.xml': bom(MANIFEST), 'imss.ini': bom(INI), 'policy/rules.xml': bom(RULES) }),
    });
    expect(bundle.manifest.attrs.product).toBe('IMSVA');
    expect([...bundle.ini.sections.keys()]).toEqual(['imp_exp', 'ldap']);
  });

  it('defaults imss.ini to UTF-8 when the manifest names no charset', async () => {
    const bundle = await readBundle({
      fileName: 'x.dat',
      bytes: zipMembers({ 'manifest.xml': '<export product="IMSS"/>', 'imss.ini': '[smtp]\nbanner=ようこそ' }),
    });
    expect(bundle.ini.sections.get('smtp')?.get('banner')).toBe('ようこそ');
  });

  it(`accepts ${MAX_ENTRIES} entries`, async () => {
    const members: Record<string, string> = { 'manifest.xml': MANIFEST, 'imss.ini': INI };
    for (let i = 0; i < MAX_ENTRIES - 2; i++) members[`extra/${i}.txt`] = '';
    const bundle = await readBundle({ fileName: 'x.dat', bytes: zipMembers(members) });
    expect(bundle.extraFiles).toHaveLength(MAX_ENTRIES - 2);
  });

  it('accepts a small member that compresses far beyond 100:1 (the ratio applies past the floor)', async () => {
    const padded = `<policyList>${' '.repeat(RATIO_FLOOR_BYTES - 100)}</policyList>`;
    const bytes = zipMembers({ 'manifest.xml': MANIFEST, 'imss.ini': INI, 'policy/rules.xml': padded }, { level: 9 });
    const bundle = await readBundle({ fileName: 'x.dat', bytes });
    expect(bundle.xml.get('policy/rules.xml')!.name).toBe('policyList');
  });
});

describe('parseXmlMember', () => {
  it('decodes the predefined entities and character references in text and attributes', () => {
    const root = xml(`<r a="&lt;&amp;&gt;&quot;&apos;" b='&#x6A5F;&#23494;'>Tom &amp; Jerry &lt;b&gt; &#65;&#x42;</r>`);
    expect(root.attrs).toEqual({ a: `<&>"'`, b: '機密' });
    expect(root.text).toBe('Tom & Jerry <b> AB');
  });

  it('keeps element order, concatenates direct text and CDATA, trims, and leaves CDATA undecoded', () => {
    const root = xml(`<r>
      one <a/> two <![CDATA[ &amp; <raw> ]]> <b x="1"><c/></b> <a/>
    </r>`);
    expect(root.children.map((c) => c.name)).toEqual(['a', 'b', 'a']);
    expect(root.text).toBe('one  two  &amp; <raw>');
    expect(root.children[1]).toEqual({
      name: 'b',
      attrs: { x: '1' },
      children: [{ name: 'c', attrs: {}, children: [], text: '' }],
      text: '',
    });
  });

  it('keeps attribute values as strings, with literal line breaks read as spaces', () => {
    const root = xml(`<r n="007" t="true" s="a\nb" k="a&#10;b"/>`);
    expect(root.attrs).toEqual({ n: '007', t: 'true', s: 'a b', k: 'a\nb' });
  });

  it('ignores comments, processing instructions and the declaration', () => {
    const root = xml(`<?xml version="1.0"?>\n<!-- a & b --><?pi x & y?><r><!-- skip --><a/></r><!-- end -->`);
    expect(root.name).toBe('r');
    expect(root.children.map((c) => c.name)).toEqual(['a']);
  });

  it(`accepts ${MAX_XML_DEPTH} levels of nesting`, () => {
    const root = xml(`${'<a>'.repeat(MAX_XML_DEPTH)}deep${'</a>'.repeat(MAX_XML_DEPTH)}`);
    let el = root;
    let depth = 1;
    while (el.children.length > 0) {
      el = el.children[0]!;
      depth++;
    }
    expect(depth).toBe(MAX_XML_DEPTH);
    expect(el.text).toBe('deep');
  });
});

describe('parseIni', () => {
  it('reads sections, comments, blank lines, values containing = and keys before any section', () => {
    const ini = parseIni(
      'top=level\r\n; comment\n# another\n\n[imp_exp]\n  enable_ems_migrate = 1  \n[Notify]\nRecipients=a@x;b@y\nquery=a=b=c\nempty=\n',
    );
    expect([...ini.sections.keys()]).toEqual(['', 'imp_exp', 'Notify']);
    expect(ini.sections.get('')!.get('top')).toBe('level');
    expect(ini.sections.get('imp_exp')!.get('enable_ems_migrate')).toBe('1');
    expect(Object.fromEntries(ini.sections.get('Notify')!)).toEqual({ Recipients: 'a@x;b@y', query: 'a=b=c', empty: '' });
  });

  it('keeps the case of names, merges a repeated section and keeps the last value of a repeated key', () => {
    const ini = parseIni('[LDAP]\nEnable=no\n[other]\nx=1\n[LDAP]\nEnable=yes\nServer=ldap1\n[ldap]\nenable=no\n');
    expect([...ini.sections.keys()]).toEqual(['LDAP', 'other', 'ldap']);
    expect([...ini.sections.get('LDAP')!.entries()]).toEqual([
      ['Enable', 'yes'],
      ['Server', 'ldap1'],
    ]);
  });

  it('has no "" section when every key is in a section, and skips lines without =', () => {
    const ini = parseIni('[a]\njust a line\nk=v\n=novalue\n');
    expect([...ini.sections.keys()]).toEqual(['a']);
    expect(Object.fromEntries(ini.sections.get('a')!)).toEqual({ k: 'v' });
  });
});
