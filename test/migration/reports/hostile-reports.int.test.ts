// Hostile report downloads on a real socket, on each database. A download must prove the
// report's tenant (the signed link from the API, or that tenant's X-Tenant-Id): no proof,
// another tenant's header, a changed or expired signature are refused with a JSON answer,
// never the file, and store nothing. Parallel downloads of a large report share one render
// on the render thread while /healthz and DNS answer every poll; the stored file is reused,
// rendered again when it vanished, and deleted when its run is superseded or it expires.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateExport } from '../../../scripts/export-generator/generate.js';
import { REPORT_LINK_LIFETIME_SECONDS } from '../../../src/migration/reports/report-link.js';
import { describeEachDatabase } from '../../support/databases.js';
import { fixtureExport } from '../../support/export-fixtures.js';
import { whileListening } from '../../support/liveness.js';
import { upload } from '../../support/migration.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** 2,000 rules: a report of about 170 pages, seconds of pdfkit work on the render thread. */
const LARGE = { rules: 2000, addressGroups: 20, addressesPerGroup: 5, keywordLists: 10, ipEntries: 50 } as const;
const CSRF = { 'x-graphql-yoga-csrf': '1' };
const CREATE_TENANT = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } userErrors { code message } } }`;
const LATEST = `query($locale: ReportLocale) { latestMigration { id analysisReport { expiresAt downloadUrl(locale: $locale) } } }`;
const HEAVY_MS = 180_000;

describeEachDatabase('hostile report downloads', (kind) => {
  let now = new Date('2024-05-22T06:43:39Z');
  const clock = { now: () => new Date(now) };
  let t: TestApp;
  let signed: string;
  let reportId: string;
  let intruder: string;
  const reportsDir = () => t.app.reports.dir;
  const filesOf = (id: string) => {
    try {
      return readdirSync(reportsDir()).filter((n) => n.startsWith(`${id}.`));
    } catch {
      return [];
    }
  };
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${t.url}${path}`, { method, headers });
  const latest = async (locale = 'JA') => (await t.gql(LATEST, { locale })).data.latestMigration;
  const stored = async () => {
    const db = t.app.database.client;
    return {
      runs: await db.migrationRun.findMany({ orderBy: { id: 'asc' }, select: { id: true, state: true, tenantId: true } }),
      reports: await db.migrationReportFile.findMany({ orderBy: { id: 'asc' } }),
      items: await db.migrationItem.count(),
      secrets: await db.serverSecret.count(),
    };
  };
  /** A refusal: the status, a JSON body with its code, never PDF bytes; /healthz still answers. */
  const expectRefused = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { code: string; error: string };
    expect(body.code).toBe(code);
    expect(body.error.length).toBeGreaterThan(10);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    return body;
  };

  beforeAll(async () => {
    t = await startTestApp(kind, {}, { clock });
    const other = await t.gql(CREATE_TENANT, { input: { name: 'Intruder', companyId: 'intruder' } });
    intruder = other.data.createTenant.tenant.id;
    const r = await upload(t, generateExport(LARGE), 'Config_Files_20240522_153925.dat', 'MERGE', CSRF);
    expect(r.payload.run.state).toBe('ANALYZED');
    signed = (await latest()).analysisReport.downloadUrl;
    reportId = /^\/migration\/reports\/([^.]+)\.pdf\?/.exec(signed)![1]!;
  }, HEAVY_MS);
  afterAll(async () => t?.close());

  it('hands out a signed link that expires', () => {
    const u = new URL(signed, 'http://x');
    expect(u.searchParams.get('lang')).toBe('ja');
    expect(Number(u.searchParams.get('expires'))).toBe(Math.floor(now.getTime() / 1000) + REPORT_LINK_LIFETIME_SECONDS);
    expect(u.searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses the unsigned URL without X-Tenant-Id, and renders nothing', async () => {
    const before = await stored();
    await expectRefused(await get(`/migration/reports/${reportId}.pdf?lang=ja`), 403, 'REPORT_LINK_REQUIRED');
    await expectRefused(await get(`/migration/reports/${reportId}.pdf`), 403, 'REPORT_LINK_REQUIRED');
    const ja = await expectRefused(
      await get(`/migration/reports/${reportId}.pdf`, { 'accept-language': 'ja' }),
      403,
      'REPORT_LINK_REQUIRED',
    );
    expect(ja.error).toContain('X-Tenant-Id');
    expect(t.app.reports.renders()).toBe(0);
    expect(filesOf(reportId)).toEqual([]);
    expect(await stored()).toEqual(before);
  });

  it("answers another tenant's X-Tenant-Id with 404, with or without the signed link", async () => {
    const before = await stored();
    const rawId = Buffer.from(intruder, 'base64').toString().split(':')[1]!;
    // The other tenant by global ID, raw id and company identifier; and a tenant that does not exist.
    for (const header of [intruder, rawId, 'intruder', 'INTRUDER', 'nobody']) {
      await expectRefused(await get(`/migration/reports/${reportId}.pdf?lang=ja`, { 'x-tenant-id': header }), 404, 'REPORT_NOT_FOUND');
      await expectRefused(await get(signed, { 'x-tenant-id': header }), 404, 'REPORT_NOT_FOUND');
    }
    expect(t.app.reports.renders()).toBe(0);
    expect(await stored()).toEqual(before);
  });

  it('refuses a changed, truncated or forged signature with 403', async () => {
    const before = await stored();
    const u = new URL(signed, 'http://x');
    const sig = u.searchParams.get('sig')!;
    const expires = Number(u.searchParams.get('expires'));
    const variant = (params: Record<string, string | null>) => {
      const v = new URL(u);
      for (const [k, val] of Object.entries(params)) {
        if (val === null) v.searchParams.delete(k);
        else v.searchParams.set(k, val);
      }
      return `${v.pathname}${v.search}`;
    };
    const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    const tampered = [
      variant({ sig: flipped }),
      variant({ sig: sig.slice(0, 42) }),
      variant({ sig: `${sig}A` }),
      variant({ sig: '' }),
      variant({ sig: '!'.repeat(43) }),
      variant({ sig: 'A'.repeat(8000) }),
      variant({ lang: 'en' }), // the Japanese link's signature on the English report
      variant({ expires: String(expires + 86_400) }), // a longer life
      variant({ expires: null }),
      variant({ expires: 'soon' }),
      variant({ expires: '9'.repeat(40) }),
    ];
    for (const path of tampered) await expectRefused(await get(path), 403, 'REPORT_LINK_INVALID');
    expect(t.app.reports.renders()).toBe(0);
    expect(await stored()).toEqual(before);
  });

  it("refuses a link the API signed for another tenant's report", async () => {
    const r = await upload(t, fixtureExport('imsva-ja-basic'), 'intruder.dat', 'MERGE', { ...CSRF, 'x-tenant-id': intruder });
    expect(r.payload.run.state).toBe('ANALYZED');
    const theirs = (await t.gql(LATEST, { locale: 'JA' }, { 'x-tenant-id': intruder })).data.latestMigration.analysisReport
      .downloadUrl as string;
    expect(theirs).not.toContain(reportId);
    const before = await stored();
    // Their genuine signature, on our report's id.
    const swapped = theirs.replace(/^\/migration\/reports\/[^.]+\.pdf/, `/migration/reports/${reportId}.pdf`);
    await expectRefused(await get(swapped), 403, 'REPORT_LINK_INVALID');
    expect(t.app.reports.renders()).toBe(0);
    expect(await stored()).toEqual(before);
  });

  it('answers other methods and unknown languages with a JSON error', async () => {
    await expectRefused(await get(signed, {}, 'POST'), 405, 'REPORT_METHOD_NOT_ALLOWED');
    await expectRefused(await get(signed, {}, 'DELETE'), 405, 'REPORT_METHOD_NOT_ALLOWED');
    await expectRefused(await get(signed.replace('lang=ja', 'lang=fr')), 400, 'REPORT_LANG_INVALID');
    await expectRefused(await get(signed.replace('lang=ja', `lang=${'x'.repeat(5000)}`)), 400, 'REPORT_LANG_INVALID');
    expect(t.app.reports.renders()).toBe(0);
  });

  it(
    'serves parallel downloads of a large report from one render while /healthz answers every poll',
    async () => {
      const own = { 'x-tenant-id': 'rehearsal' };
      // /healthz answers that arrived while the render was still going: impossible if it ran
      // on the thread that answers HTTP (no timing involved; the app runs in this process).
      let answeredDuringRender = 0;
      const downloads = Promise.all(
        [
          ...Array.from({ length: 4 }, () => get(signed)),
          get(`/migration/reports/${reportId}.pdf?lang=ja`, own),
          get(signed, { 'x-tenant-id': t.app.config.companyId }),
        ].map(async (p) => {
          const res = await p;
          return {
            status: res.status,
            type: res.headers.get('content-type'),
            length: res.headers.get('content-length'),
            bytes: Buffer.from(await res.arrayBuffer()),
          };
        }),
      );
      const { result, liveness } = await whileListening(t.url, t.dnsPort, async () => {
        let finished = false;
        const end = () => {
          finished = true;
        };
        downloads.then(end, end);
        while (!finished) {
          const before = t.app.reports.rendering();
          const res = await fetch(`${t.url}/healthz`);
          if (before > 0 && res.status === 200 && t.app.reports.rendering() > 0) answeredDuringRender += 1;
          await res.arrayBuffer();
        }
        return downloads;
      });
      expect(answeredDuringRender).toBeGreaterThan(0);
      for (const r of result) {
        expect(r.status).toBe(200);
        expect(r.type).toBe('application/pdf');
        expect(r.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(Number(r.length)).toBe(r.bytes.length);
        expect(r.bytes.equals(result[0]!.bytes)).toBe(true);
      }
      expect(result[0]!.bytes.toString('latin1').match(/\/Type \/Page\b/g)!.length).toBeGreaterThan(50);
      expect(t.app.reports.renders()).toBe(1);
      expect(liveness.health.length).toBeGreaterThan(0);
      expect(liveness.health.every((s) => s === 200)).toBe(true);
      expect(liveness.dns.every((d) => d === 'answered')).toBe(true);
    },
    HEAVY_MS,
  );

  it(
    'reuses the stored file, and renders it again when it vanished',
    async () => {
      const [name] = filesOf(reportId);
      expect(name).toMatch(/\.ja\.[0-9a-f]{16}\.pdf$/);
      const path = join(reportsDir(), name!);
      const first = statSync(path);
      const again = await get(signed);
      expect(again.status).toBe(200);
      expect(Buffer.from(await again.arrayBuffer()).length).toBe(first.size);
      const head = await get(signed, {}, 'HEAD');
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBe(first.size);
      const after = statSync(path);
      expect([after.ino, after.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
      expect(t.app.reports.renders()).toBe(1);

      rmSync(path);
      const redrawn = await get(signed);
      expect(redrawn.status).toBe(200);
      expect(Buffer.from(await redrawn.arrayBuffer()).length).toBe(first.size);
      expect(t.app.reports.renders()).toBe(2);
    },
    HEAVY_MS,
  );

  it('refuses an expired link with 403, while the tenant header and a fresh link still work', async () => {
    now = new Date(now.getTime() + (REPORT_LINK_LIFETIME_SECONDS + 60) * 1000);
    const before = await stored();
    const body = await expectRefused(await get(signed), 403, 'REPORT_LINK_EXPIRED');
    expect(body.error).toMatch(/expired/);
    expect((await get(`/migration/reports/${reportId}.pdf?lang=ja`, { 'x-tenant-id': 'rehearsal' })).status).toBe(200);
    const fresh = (await latest()).analysisReport.downloadUrl;
    expect(fresh).not.toBe(signed);
    expect((await get(fresh)).status).toBe(200);
    expect(await stored()).toEqual(before);
  });

  it('keeps links working across a restart (the key is in the database)', async () => {
    const fresh = (await latest()).analysisReport.downloadUrl;
    await t.stop();
    await t.restart();
    const res = await get(fresh);
    expect(res.status).toBe(200);
    expect(t.app.reports.renders()).toBe(0); // the new instance serves the stored file
  });

  it(
    'deletes the stored files when the run is superseded',
    async () => {
      const old = (await latest()).analysisReport.downloadUrl;
      expect(filesOf(reportId).length).toBeGreaterThan(0);
      const r = await upload(t, fixtureExport('imsva-ja-basic'), 'next.dat', 'MERGE', CSRF);
      expect(r.payload.run.state).toBe('ANALYZED');
      await expect.poll(() => filesOf(reportId), { timeout: 60_000, interval: 50 }).toEqual([]);
      await expectRefused(await get(old), 404, 'REPORT_NOT_FOUND');
    },
    HEAVY_MS,
  );

  it('answers 410 Gone once the report expired, and deletes its file', async () => {
    const report = (await latest('EN')).analysisReport;
    const newId = /^\/migration\/reports\/([^.]+)\.pdf\?/.exec(report.downloadUrl)![1]!;
    expect((await get(report.downloadUrl)).status).toBe(200);
    expect(filesOf(newId)).toHaveLength(1);
    now = new Date(new Date(report.expiresAt).getTime() + 1000);
    const before = await stored();
    await expectRefused(await get(report.downloadUrl), 410, 'REPORT_EXPIRED');
    await expectRefused(await get(`/migration/reports/${newId}.pdf`, { 'x-tenant-id': 'rehearsal' }), 410, 'REPORT_EXPIRED');
    expect(filesOf(newId)).toEqual([]);
    expect(await stored()).toEqual(before);
  });
});
