// Hostile uploads on a real socket (GraphQL multipart to /graphql), on each database: an
// inflation bomb inside every per-member limit, floods of small elements, an unknown
// element deep in a large member. Each is refused with its BUNDLE_* code as a FAILED run;
// /healthz and the DNS server answer every poll during the upload and after it; nothing
// stored changes. And a large, valid export is analysed while the listeners keep answering.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateExport, generateExportMembers } from '../../scripts/export-generator/generate.js';
import { MAX_MEMBER_BYTES, MAX_TOTAL_UNCOMPRESSED_BYTES } from '../../src/migration/bundle-reader.js';
import { MAX_XML_ELEMENTS_PER_EXPORT, MAX_XML_ELEMENTS_PER_MEMBER } from '../../src/migration/xml.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixtureExport, fixtureMembers } from '../support/export-fixtures.js';
import { whileListening } from '../support/liveness.js';
import { objectState, ruleState, upload } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { zipMembers } from '../support/zip.js';

const base = () => fixtureMembers('imsva-ja-basic');
/** Building and analysing a flood of elements takes seconds; far longer on a loaded CI machine. */
const HEAVY_TEST_MS = 240_000;

/** Empty elements with a short pseudo-random attribute now and then: deflates about 40:1, under MAX_RATIO. */
function filler(bytes: number, seed: number): string {
  const out: string[] = [];
  let x = seed;
  for (let n = 0; n < bytes; ) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const s = x % 40 === 0 ? `<e v="${(x >>> 8) % 1000}"/>` : '<e/>';
    out.push(s);
    n += s.length;
  }
  return out.join('');
}

const memo = <T>(make: () => T) => {
  let v: T | undefined;
  return () => (v ??= make());
};

/** Three open members (any element names allowed), each under MAX_MEMBER_BYTES, together over the total. */
const inflationBomb = memo(() => {
  const each = Math.floor((MAX_TOTAL_UNCOMPRESSED_BYTES / 3) * 1.15);
  expect(each).toBeLessThan(MAX_MEMBER_BYTES);
  const members: Record<string, string | Uint8Array> = { ...base() };
  for (const [i, [path, root]] of [
    ['policy/other.xml', 'other'],
    ['admin/settings.xml', 'settings'],
    ['euq/settings.xml', 'euq'],
  ].entries()) {
    members[path] = `<?xml version="1.0" encoding="UTF-8"?><${root}>${filler(each, i + 1)}</${root}>`;
  }
  // Level 1: the fastest deflate; the ratio stays far under MAX_RATIO either way.
  return zipMembers(members, { level: 1 });
});

const rules = (n: number) =>
  `<?xml version="1.0" encoding="UTF-8"?><policyList>${Array.from({ length: n }, (_, i) => `<rule id="r${i}"/>`).join('')}</policyList>`;

/** One member with more elements than MAX_XML_ELEMENTS_PER_MEMBER, all of them known. */
const memberFlood = memo(() => zipMembers({ ...base(), 'policy/rules.xml': rules(MAX_XML_ELEMENTS_PER_MEMBER + 1000) }));

/** Three members, each under the per-member count, together over MAX_XML_ELEMENTS_PER_EXPORT. */
const exportFlood = memo(() => {
  const each = Math.ceil(MAX_XML_ELEMENTS_PER_EXPORT / 3) + 1000;
  expect(each).toBeLessThan(MAX_XML_ELEMENTS_PER_MEMBER);
  const addresses = Array.from({ length: each }, (_, i) => `<address>u${i}@example.jp</address>`).join('');
  const ips = Array.from({ length: each }, (_, i) => `<ip>10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}</ip>`).join('');
  return zipMembers({
    ...base(),
    'policy/rules.xml': rules(each),
    'policy/objects.xml': `<?xml version="1.0" encoding="UTF-8"?><policyObjects><addressGroups><group id="g" name="g">${addresses}</group></addressGroups></policyObjects>`,
    'sender-filtering.xml': `<?xml version="1.0" encoding="UTF-8"?><senderFiltering><approvedList>${ips}</approvedList></senderFiltering>`,
  });
});

const LARGE = { rules: 3000, addressGroups: 300, addressesPerGroup: 20, keywordLists: 100, ipEntries: 3000 } as const;

/** A large generated export with one element the format does not define in its last rule. */
const unknownDeep = memo(() => {
  const members = generateExportMembers(LARGE);
  const text = new TextDecoder().decode(members['policy/rules.xml']);
  const at = text.lastIndexOf('</conditions>');
  expect(at).toBeGreaterThan(text.length / 2);
  return zipMembers({ ...members, 'policy/rules.xml': `${text.slice(0, at)}<teleport to="mars"/>${text.slice(at)}` });
});

describeEachDatabase('hostile uploads', (kind) => {
  let t: TestApp;
  let before: { rules: string[]; objects: Awaited<ReturnType<typeof objectState>> };
  beforeAll(async () => {
    t = await startTestApp(kind);
    before = { rules: await ruleState(t), objects: await objectState(t) };
  });
  afterAll(async () => t?.close());

  const refused: [string, () => Uint8Array, string, RegExp][] = [
    [
      'an inflation bomb: every member under its limit, the total over it',
      inflationBomb,
      'BUNDLE_UNCOMPRESSED_TOO_LARGE',
      new RegExp(`${MAX_TOTAL_UNCOMPRESSED_BYTES / 1024 / 1024} MB`),
    ],
    [
      'a flood of small elements in one member',
      memberFlood,
      'BUNDLE_MEMBER_TOO_MANY_ELEMENTS',
      new RegExp(`policy/rules\\.xml.*${MAX_XML_ELEMENTS_PER_MEMBER}`),
    ],
    ['a flood of small elements across members', exportFlood, 'BUNDLE_TOO_MANY_ELEMENTS', new RegExp(String(MAX_XML_ELEMENTS_PER_EXPORT))],
    ['an unknown element deep in a large member', unknownDeep, 'BUNDLE_UNKNOWN_ELEMENT', /<teleport>/],
  ];

  it.each(refused.map(([label, make, code, message]) => ({ label, make, code, message })))(
    '$label → $code, and the listeners answer',
    async ({ make, code, message }) => {
      const bytes = make();
      const { result: r, liveness } = await whileListening(t.url, t.dnsPort, () => upload(t, bytes));
      expect(r.status).toBe(200);
      expect(r.payload.userErrors).toHaveLength(1);
      expect(r.payload.userErrors[0]).toMatchObject({ code, field: 'file' });
      expect(r.payload.userErrors[0].message).toMatch(message);
      expect(r.payload.run).toMatchObject({ state: 'FAILED', failure: { code } });
      expect(liveness.health.length).toBeGreaterThan(0);
      expect(liveness.health.every((s) => s === 200)).toBe(true);
      expect(liveness.dns.every((d) => d === 'answered')).toBe(true);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      expect(await ruleState(t)).toEqual(before.rules);
      expect(await objectState(t)).toEqual(before.objects);
    },
    HEAVY_TEST_MS,
  );

  it(
    'analyses a large valid export while /healthz and DNS answer every poll',
    async () => {
      const bytes = generateExport(LARGE);
      const { result: r, liveness } = await whileListening(t.url, t.dnsPort, () => upload(t, bytes));
      expect(r.payload.userErrors).toEqual([]);
      expect(r.payload.run.state).toBe('ANALYZED');
      expect(r.payload.run.counts.total).toBeGreaterThan(LARGE.rules);
      expect(liveness.health.length).toBeGreaterThan(0);
      expect(liveness.health.every((s) => s === 200)).toBe(true);
      expect(liveness.dns.every((d) => d === 'answered')).toBe(true);
      expect(await ruleState(t)).toEqual(before.rules);
    },
    HEAVY_TEST_MS,
  );

  it('still analyses a valid export after the refusals', async () => {
    const ok = await upload(t, fixtureExport('imsva-ja-basic'));
    expect(ok.payload.run.state).toBe('ANALYZED');
  });
});
