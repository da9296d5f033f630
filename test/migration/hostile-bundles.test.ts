// Uploads that must be refused before anything reads them further: damaged or fake ZIPs,
// path traversal, entry floods, compression bombs and lying headers, XXE and DTDs,
// malformed XML and wrong charsets. One refusal per test, asserted by its code.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES, MAX_RATIO, readBundle, type BundleLimits } from '../../src/migration/bundle-reader.js';
import { MAX_XML_DEPTH } from '../../src/migration/xml.js';
import { ExpectedError, type LocalizedText } from '../../src/platform/errors.js';
import { zipMembers } from '../support/zip.js';

const MANIFEST = '<?xml version="1.0" encoding="UTF-8"?>\n<export product="IMSVA" version="9.1" build="2011" iniCharset="UTF-8"/>';
const INI = '[imp_exp]\nenable_ems_migrate=1\n';
const BASE = { 'manifest.xml': MANIFEST, 'imss.ini': INI };

async function refusal(bytes: Uint8Array, limits?: Partial<BundleLimits>): Promise<ExpectedError> {
  try {
    await readBundle({ fileName: 'hostile.dat', bytes }, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpectedError);
    return err as ExpectedError;
  }
  throw new Error('the bundle was accepted');
}

/** The English of a refusal's `{detail}` (details come in both languages). */
function detailEn(err: ExpectedError): string {
  return (err.params.detail as LocalizedText).en;
}

/** A bundle whose policy/other.xml (a member that may hold any element names) is `xml`. */
function withOther(xml: string): Uint8Array {
  return zipMembers({ ...BASE, 'policy/other.xml': xml });
}

/** A bundle whose policy/rules.xml is `rules`. */
function withRules(rules: string | Uint8Array): Uint8Array {
  return zipMembers({ ...BASE, 'policy/rules.xml': rules });
}

// Header fields at their APPNOTE 4.3.7 (local) and 4.3.12 (central directory) offsets.
const FIELDS = {
  signature: { local: 0, central: 0, bytes: 4 },
  flags: { local: 6, central: 8, bytes: 2 },
  method: { local: 8, central: 10, bytes: 2 },
  crc32: { local: 14, central: 16, bytes: 4 },
  uncompressedSize: { local: 22, central: 24, bytes: 4 },
} as const;

/** Rewrites one header field of entry `name` in both its local and central headers. */
function patchEntry(
  zip: Uint8Array,
  name: string,
  field: keyof typeof FIELDS,
  value: number,
  where: 'both' | 'local' = 'both',
): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const eocd = out.length - 22; // fflate writes no archive comment
  expect(view.getUint32(eocd, true)).toBe(0x06054b50);
  const set = (offset: number) => {
    const f = FIELDS[field];
    if (f.bytes === 4) view.setUint32(offset + (offset === localAt ? f.local : f.central), value, true);
    else view.setUint16(offset + (offset === localAt ? f.local : f.central), value, true);
  };
  let localAt = -1;
  let at = view.getUint32(eocd + 16, true);
  for (let i = 0; i < view.getUint16(eocd + 10, true); i++) {
    const nameLength = view.getUint16(at + 28, true);
    const entryName = new TextDecoder().decode(out.subarray(at + 46, at + 46 + nameLength));
    if (entryName === name) {
      localAt = view.getUint32(at + 42, true);
      if (where === 'both') set(at);
      set(localAt);
      return out;
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  throw new Error(`no entry ${name}`);
}

describe('hostile containers', () => {
  it('refuses a file that is not a ZIP', async () => {
    const err = await refusal(new TextEncoder().encode('<export product="IMSVA"/> is not an archive'));
    expect(err.code).toBe('BUNDLE_INVALID');
    expect(detailEn(err)).toBe('not a ZIP archive');
  });

  it('refuses an empty upload as not a ZIP', async () => {
    const err = await refusal(new Uint8Array(0));
    expect(err.code).toBe('BUNDLE_INVALID');
    expect(detailEn(err)).toBe('not a ZIP archive');
  });

  it('refuses a ZIP cut in half as truncated', async () => {
    const whole = withRules(`<policyList>${'<rule id="r"/>'.repeat(200)}</policyList>`);
    const err = await refusal(whole.subarray(0, Math.floor(whole.length / 2)));
    expect(err.code).toBe('BUNDLE_TRUNCATED');
  });

  it('refuses a member whose CRC-32 does not match', async () => {
    const zip = patchEntry(withRules('<policyList/>'), 'policy/rules.xml', 'crc32', 0xdeadbeef);
    expect((await refusal(zip)).code).toBe('BUNDLE_TRUNCATED');
  });

  it('refuses a member whose local header is damaged', async () => {
    const zip = patchEntry(withRules('<policyList/>'), 'manifest.xml', 'signature', 0x12345678, 'local');
    expect((await refusal(zip)).code).toBe('BUNDLE_TRUNCATED');
  });

  it('refuses an entry named ../evil', async () => {
    const err = await refusal(zipMembers({ ...BASE, '../evil': 'x' }));
    expect(err.code).toBe('BUNDLE_UNSAFE_PATH');
    expect(err.params.path).toBe('../evil');
  });

  it('refuses a .. segment inside a path, also with backslashes', async () => {
    expect((await refusal(zipMembers({ ...BASE, 'policy/../../evil.xml': 'x' }))).code).toBe('BUNDLE_UNSAFE_PATH');
    expect((await refusal(zipMembers({ ...BASE, 'policy\\..\\..\\evil.xml': 'x' }))).code).toBe('BUNDLE_UNSAFE_PATH');
  });

  it.each(['/etc/cron.d/evil', 'C:\\Windows\\evil.dll', 'c:evil', '\\\\server\\share\\evil'])(
    'refuses the absolute path %s',
    async (name) => {
      const err = await refusal(zipMembers({ ...BASE, [name]: 'x' }));
      expect(err.code).toBe('BUNDLE_UNSAFE_PATH');
      expect(err.params.path).toBe(name);
    },
  );

  it(`refuses ${MAX_ENTRIES + 1} entries`, async () => {
    const members: Record<string, string> = { ...BASE };
    for (let i = 0; i < MAX_ENTRIES - 1; i++) members[`extra/${i}.txt`] = '';
    const err = await refusal(zipMembers(members));
    expect(err.code).toBe('BUNDLE_TOO_MANY_ENTRIES');
    expect(err.params.max).toBe(MAX_ENTRIES);
  });

  it('refuses two entries with the same name', async () => {
    const zip = zipMembers({ ...BASE, 'manifest.xmX': MANIFEST });
    // Rename the second manifest in place (same length) so both entries say manifest.xml.
    const bytes = zip.slice();
    const text = new TextDecoder('latin1').decode(bytes);
    for (let at = text.indexOf('manifest.xmX'); at !== -1; at = text.indexOf('manifest.xmX', at + 1)) bytes[at + 11] = 0x6c;
    const err = await refusal(bytes);
    expect(err.code).toBe('BUNDLE_INVALID');
    expect(detailEn(err)).toContain('appears twice');
  });

  it('refuses an encrypted member', async () => {
    const zip = patchEntry(withRules('<policyList/>'), 'policy/rules.xml', 'flags', 0x1);
    const err = await refusal(zip);
    expect(err.code).toBe('BUNDLE_INVALID');
    expect(detailEn(err)).toContain('encrypted');
  });

  it('refuses a member compressed with a method other than stored or deflate', async () => {
    const zip = patchEntry(withRules('<policyList/>'), 'policy/rules.xml', 'method', 12);
    const err = await refusal(zip);
    expect(err.code).toBe('BUNDLE_INVALID');
    expect(detailEn(err)).toContain('compression method 12');
  });
});

describe('compression bombs and lying headers', () => {
  const fiveKb = `<policyList>${'<rule id="x"/>'.repeat(400)}</policyList>`;

  it('refuses a member larger than the member limit (from its header)', async () => {
    const err = await refusal(withRules(fiveKb), { maxMemberBytes: 1000 });
    expect(err.code).toBe('BUNDLE_MEMBER_TOO_LARGE');
    expect(err.params.path).toBe('policy/rules.xml');
  });

  it('stops inflating at the member limit when the header lies about the size', async () => {
    const zip = patchEntry(withRules(fiveKb), 'policy/rules.xml', 'uncompressedSize', 10);
    const err = await refusal(zip, { maxMemberBytes: 1000 });
    expect(err.code).toBe('BUNDLE_MEMBER_TOO_LARGE');
    expect(err.params.path).toBe('policy/rules.xml');
  });

  it('refuses a member whose size differs from a header that stays within the limits', async () => {
    const zip = patchEntry(withRules(fiveKb), 'policy/rules.xml', 'uncompressedSize', 10);
    expect((await refusal(zip)).code).toBe('BUNDLE_TRUNCATED');
  });

  it('refuses members that each fit their limit but together inflate past the total, from the headers', async () => {
    const zip = zipMembers({
      ...BASE,
      'policy/other.xml': `<other>${'<e/>'.repeat(1000)}</other>`,
      'admin/settings.xml': `<settings>${'<e/>'.repeat(1000)}</settings>`,
    });
    const err = await refusal(zip, { maxMemberBytes: 5000, maxTotalBytes: 6000 });
    expect(err.code).toBe('BUNDLE_UNCOMPRESSED_TOO_LARGE');
  });

  it('stops inflating at the total when the headers lie about the sizes', async () => {
    let zip = zipMembers({
      ...BASE,
      'policy/other.xml': `<other>${'<e/>'.repeat(1000)}</other>`,
      'admin/settings.xml': `<settings>${'<e/>'.repeat(1000)}</settings>`,
    });
    // The second member's header claims 10 bytes: the sum of the headers stays under the total.
    zip = patchEntry(zip, 'admin/settings.xml', 'uncompressedSize', 10);
    const err = await refusal(zip, { maxMemberBytes: 5000, maxTotalBytes: 6000 });
    expect(err.code).toBe('BUNDLE_UNCOMPRESSED_TOO_LARGE');
    expect(err.params.maxMb).toBeGreaterThan(0);
  });

  const bomb = () => new Uint8Array(8 * 1024 * 1024); // 8 MiB of zeros deflate about 1000:1

  it('refuses a zip bomb by its ratio under the default limits, from the header', async () => {
    const err = await refusal(zipMembers({ ...BASE, 'policy/rules.xml': bomb() }, { level: 9 }));
    expect(err.code).toBe('BUNDLE_COMPRESSION_RATIO');
    expect(err.params).toEqual({ path: 'policy/rules.xml', max: MAX_RATIO });
  });

  it('refuses a zip bomb whose header claims a small size, once the ratio is exceeded while inflating', async () => {
    const zip = patchEntry(zipMembers({ ...BASE, 'policy/rules.xml': bomb() }, { level: 9 }), 'policy/rules.xml', 'uncompressedSize', 1000);
    const err = await refusal(zip);
    expect(err.code).toBe('BUNDLE_COMPRESSION_RATIO');
  });

  it('refuses an extra (unread) file whose header admits a bomb', async () => {
    const err = await refusal(zipMembers({ ...BASE, 'dump.bin': bomb() }, { level: 9 }));
    expect(err.code).toBe('BUNDLE_COMPRESSION_RATIO');
    expect(err.params.path).toBe('dump.bin');
  });
});

describe('hostile XML', () => {
  it('refuses an unknown element where the parser meets it, naming it, even inside a known one', async () => {
    const err = await refusal(
      withRules(
        '<policyList><rule id="r1"><route><senders><address>a@example.jp</address><wormhole/></senders></route></rule></policyList>',
      ),
    );
    expect(err.code).toBe('BUNDLE_UNKNOWN_ELEMENT');
    expect(err.params).toEqual({ path: 'policy/rules.xml', element: 'wormhole' });
  });

  it('refuses an element inside one the format leaves without children', async () => {
    const err = await refusal(
      withRules('<policyList><rule id="r1"><conditions><virus><payload/></virus></conditions></rule></policyList>'),
    );
    expect(err.params).toEqual({ path: 'policy/rules.xml', element: 'payload' });
  });

  it('refuses a wrong root element of a known member', async () => {
    const err = await refusal(withRules('<rules/>'));
    expect(err.params).toEqual({ path: 'policy/rules.xml', element: 'rules' });
  });

  it('accepts any elements in the members the format leaves open', async () => {
    const bundle = await readBundle({
      fileName: 'ok.dat',
      bytes: zipMembers({
        ...BASE,
        'policy/other.xml': '<other><a><b><c/></b></a></other>',
        'sender-filtering.xml': '<senderFiltering><overview><x><y/></x></overview></senderFiltering>',
      }),
    });
    expect(bundle.xml.get('policy/other.xml')!.children[0]!.name).toBe('a');
  });

  it('refuses a DOCTYPE', async () => {
    const err = await refusal(withRules('<?xml version="1.0"?>\n<!DOCTYPE policyList>\n<policyList/>'));
    expect(err.code).toBe('BUNDLE_XML_DTD');
    expect(err.params.path).toBe('policy/rules.xml');
  });

  it('refuses an external entity (XXE)', async () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<policyList>&xxe;</policyList>';
    expect((await refusal(withRules(xxe))).code).toBe('BUNDLE_XML_DTD');
  });

  it('refuses an ENTITY declaration even without DOCTYPE', async () => {
    expect((await refusal(withRules('<policyList><!ENTITY x "y"></policyList>'))).code).toBe('BUNDLE_XML_DTD');
  });

  it('refuses a DTD in manifest.xml too', async () => {
    const err = await refusal(
      zipMembers({ 'manifest.xml': '<!DOCTYPE export SYSTEM "http://attacker.example/x.dtd"><export/>', 'imss.ini': INI }),
    );
    expect(err.code).toBe('BUNDLE_XML_DTD');
    expect(err.params.path).toBe('manifest.xml');
  });

  it('refuses malformed XML, naming the line', async () => {
    const err = await refusal(withRules('<?xml version="1.0"?>\n<policyList>\n  <rule id="r1">\n</policyList>'));
    expect(err.code).toBe('BUNDLE_XML_MALFORMED');
    expect(detailEn(err)).toMatch(/^line \d+: /);
  });

  it('refuses an undeclared entity reference, naming its line', async () => {
    const err = await refusal(withRules('<policyList>\n<rule name="a&nbsp;b"/>\n</policyList>'));
    expect(err.code).toBe('BUNDLE_XML_MALFORMED');
    expect(detailEn(err)).toMatch(/^line 2: "&nbsp;"/);
  });

  it('refuses a bare & in text', async () => {
    expect((await refusal(withRules('<policyList>a & b</policyList>'))).code).toBe('BUNDLE_XML_MALFORMED');
  });

  it('refuses a character reference to a character XML forbids', async () => {
    expect((await refusal(withRules('<policyList>&#0;</policyList>'))).code).toBe('BUNDLE_XML_MALFORMED');
  });

  it('refuses two root elements', async () => {
    expect((await refusal(withRules('<policyList/><policyList/>'))).code).toBe('BUNDLE_XML_MALFORMED');
  });

  it(`refuses nesting deeper than ${MAX_XML_DEPTH} levels`, async () => {
    const depth = MAX_XML_DEPTH + 1;
    const err = await refusal(withOther('<a>'.repeat(depth) + '</a>'.repeat(depth)));
    expect(err.code).toBe('BUNDLE_XML_MALFORMED');
    expect(detailEn(err)).toContain('too deep');
  });

  it('refuses very deep nesting without exhausting the stack', async () => {
    const depth = 100_000;
    const err = await refusal(withOther('<a>'.repeat(depth) + '</a>'.repeat(depth)));
    expect(err.code).toBe('BUNDLE_XML_MALFORMED');
    expect(detailEn(err)).toContain('too deep');
  });

  it('refuses a __proto__ element name', async () => {
    expect((await refusal(withRules('<policyList><__proto__ polluted="yes"/></policyList>'))).code).toBe('BUNDLE_XML_MALFORMED');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile encodings', () => {
  it('refuses Shift_JIS bytes declared as UTF-8', async () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="UTF-8"?>\n<policyList><rule name="役員"/></policyList>', 'Shift_JIS');
    const err = await refusal(withRules(bytes));
    expect(err.code).toBe('BUNDLE_ENCODING_INVALID');
    expect(err.params).toEqual({ path: 'policy/rules.xml', encoding: 'UTF-8' });
  });

  it('refuses UTF-8 bytes declared as Shift_JIS when they are not valid Shift_JIS', async () => {
    // 機密 in UTF-8 is E6 A9 9F E5 AF 86: read as Shift_JIS, the last byte is a lead byte
    // followed by '"', which no double-byte character allows.
    const err = await refusal(withRules('<?xml version="1.0" encoding="Shift_JIS"?>\n<policyList><rule name="機密"/></policyList>'));
    expect(err.code).toBe('BUNDLE_ENCODING_INVALID');
    expect(err.params.encoding).toBe('Shift_JIS');
  });

  it('refuses bytes invalid in EUC-JP', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="EUC-JP"?><a>'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('</a>'),
    ]);
    expect((await refusal(withRules(bytes))).code).toBe('BUNDLE_ENCODING_INVALID');
  });

  it('refuses an unknown encoding name', async () => {
    const err = await refusal(withRules('<?xml version="1.0" encoding="KOI8-R"?>\n<policyList/>'));
    expect(err.code).toBe('BUNDLE_ENCODING_INVALID');
    expect(err.params).toEqual({ path: 'policy/rules.xml', encoding: 'KOI8-R' });
  });

  it('refuses an imss.ini that is not in the manifest iniCharset', async () => {
    const err = await refusal(zipMembers({ 'manifest.xml': MANIFEST, 'imss.ini': iconv.encode('[smtp]\nbanner=ようこそ\n', 'Shift_JIS') }));
    expect(err.code).toBe('BUNDLE_ENCODING_INVALID');
    expect(err.params).toEqual({ path: 'imss.ini', encoding: 'UTF-8' });
  });

  it('refuses an unknown iniCharset', async () => {
    const manifest = MANIFEST.replace('iniCharset="UTF-8"', 'iniCharset="ISO-2022-JP"');
    const err = await refusal(zipMembers({ 'manifest.xml': manifest, 'imss.ini': INI }));
    expect(err.code).toBe('BUNDLE_ENCODING_INVALID');
    expect(err.params).toEqual({ path: 'imss.ini', encoding: 'ISO-2022-JP' });
  });
});

describe('missing required members', () => {
  it('refuses an export without manifest.xml', async () => {
    const err = await refusal(zipMembers({ 'imss.ini': INI, 'policy/rules.xml': '<policyList/>' }));
    expect(err.code).toBe('BUNDLE_INVALID');
    expect(detailEn(err)).toBe('manifest.xml is missing');
  });

  it('refuses an export without imss.ini', async () => {
    const err = await refusal(zipMembers({ 'manifest.xml': MANIFEST, 'policy/rules.xml': '<policyList/>' }));
    expect(err.code).toBe('BUNDLE_INVALID');
    expect(detailEn(err)).toBe('imss.ini is missing');
  });

  it('refuses an empty ZIP as missing its manifest', async () => {
    const err = await refusal(zipMembers({}));
    expect(err.code).toBe('BUNDLE_INVALID');
    expect(detailEn(err)).toBe('manifest.xml is missing');
  });

  it('does not accept a manifest hidden in a folder', async () => {
    const err = await refusal(zipMembers({ 'export/manifest.xml': MANIFEST, 'export/imss.ini': INI }));
    expect(detailEn(err)).toBe('manifest.xml is missing');
  });
});
