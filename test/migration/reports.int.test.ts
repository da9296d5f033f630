// Reports: JSON through GraphQL and PDF downloads with the six sections in Japanese; only the
// latest run's reports are kept; after 90 days a download answers 410 Gone.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { fixtureExport } from '../support/export-fixtures.js';
import { confirm, upload, verifiedDomain } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const hasPdftotext = await promisify(execFile)('pdftotext', ['-v']).then(
  () => true,
  () => false,
);
let now = new Date('2024-05-22T06:43:39Z');
const clock = { now: () => new Date(now) };

describe('migration reports', () => {
  let t: TestApp;
  let runId: string;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {}, { clock });
    await verifiedDomain(t, 'example.co.jp');
    await verifiedDomain(t, 'example.jp');
    const r = await upload(t, fixtureExport('imsva-ja-basic'));
    runId = r.payload.run.id;
    now = new Date('2024-05-22T06:50:38Z');
    await confirm(t, runId);
  });
  afterAll(async () => t?.close());

  const REPORT = `query($id: ID!, $locale: ReportLocale) { node(id: $id) { ... on MigrationRun {
    analysisReport { generatedAt expiresAt downloadUrl(locale: $locale) }
    migrationReport { generatedAt expiresAt expired downloadUrl(locale: $locale)
      content(locale: $locale) { kind locale generatedAt account mode fileName product version build language
        summary { notSupported error warning success total } items { code category sourcePath destination message fix } nextSteps } } } } }`;

  it('serves the report content as JSON with the basic information', async () => {
    const r = await t.gql(REPORT, { id: runId, locale: 'JA' });
    const m = r.data.node.migrationReport;
    expect(m.generatedAt).toBe('2024-05-22T06:50:38.000Z');
    expect(m.expiresAt).toBe('2024-08-20T06:50:38.000Z');
    expect(m.content).toMatchObject({
      kind: 'MIGRATION',
      locale: 'JA',
      mode: 'MERGE',
      fileName: 'Config_Files_20240522_153925.dat',
      product: 'IMSVA',
      version: '9.1',
      build: '2011',
      language: 'ja',
    });
    expect(m.content.account).toContain('rehearsal');
    expect(m.content.summary.total).toBe(m.content.items.length);
    expect(m.content.items.some((i: any) => i.message.includes('DDEIにBCCでメール送信'))).toBe(true);
    expect(m.content.nextSteps.length).toBeGreaterThan(2);
  });

  it('downloads a PDF that shows the six sections in Japanese', async () => {
    const r = await t.gql(REPORT, { id: runId, locale: 'JA' });
    const res = await fetch(`${t.url}${r.data.node.migrationReport.downloadUrl}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/data-migration-report_.*_ja\.pdf/);
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    if (!hasPdftotext) return;
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    writeFileSync(join(dir, 'r.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024 });
    for (const heading of [
      'データ移行レポート',
      'このレポートについて',
      '基本情報',
      '用語リスト',
      'レポートの概要',
      '詳細なレポート',
      '次の手順',
    ]) {
      expect(stdout).toContain(heading);
    }
    expect(stdout).toContain('統合');
    expect(stdout).toContain('2024/05/22 06:50:38 (UTC)');
    expect(stdout).toContain('DDEIにBCCでメール送信');
  });

  it("keeps only the latest run's reports", async () => {
    const old = (await t.gql(REPORT, { id: runId })).data.node;
    await upload(t, fixtureExport('imsva-ja-basic'), 'next.dat');
    expect((await fetch(`${t.url}${old.migrationReport.downloadUrl}`)).status).toBe(404);
    expect((await t.gql(REPORT, { id: runId })).data.node.migrationReport).toBeNull();
  });

  it('answers 410 Gone after 90 days', async () => {
    const latest = await t.gql(`{ latestMigration { analysisReport { downloadUrl expiresAt } } }`);
    const url = latest.data.latestMigration.analysisReport.downloadUrl;
    expect((await fetch(`${t.url}${url}`)).status).toBe(200);
    now = new Date(new Date(latest.data.latestMigration.analysisReport.expiresAt).getTime() + 1000);
    const gone = await fetch(`${t.url}${url}`);
    expect(gone.status).toBe(410);
    expect((await gone.json()).error).toMatch(/expired/);
  });
});

describeEachDatabase('all-or-nothing import', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('leaves every setting as it was when the database refuses part of the import', async () => {
    const db = t.app.database.client;
    const first = await upload(t, fixtureExport('imsva-ja-basic'));
    await confirm(t, first.payload.run.id);
    const snapshot = async () => ({
      rules: await db.policyRule.findMany({ orderBy: { id: 'asc' } }),
      groups: await db.addressGroup.findMany({ orderBy: { id: 'asc' } }),
      entries: await db.listEntry.count(),
    });
    const before = await snapshot();
    const second = await upload(t, fixtureExport('imss-ja-ldap'), 'overwrite.dat', 'OVERWRITE');
    const runId: string = second.payload.run.id;
    const rawId = Buffer.from(runId, 'base64').toString().split(':')[1];
    // A real failure half-way (after OVERWRITE deleted the old rules): the database rejects
    // the first rule this run writes.
    if (kind === 'sqlite') {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER refuse_rule BEFORE INSERT ON "PolicyRule" WHEN NEW."migrationRunId" = '${rawId}' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END;`,
      );
    } else {
      await db.$executeRawUnsafe(
        `CREATE FUNCTION refuse_rule() RETURNS trigger AS $$ BEGIN IF NEW."migrationRunId" = '${rawId}' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await db.$executeRawUnsafe(`CREATE TRIGGER refuse_rule BEFORE INSERT ON "PolicyRule" FOR EACH ROW EXECUTE FUNCTION refuse_rule()`);
    }
    const r = await confirm(t, second.payload.run.id);
    expect(r.run.state).toBe('FAILED');
    expect(r.userErrors[0]).toMatchObject({ field: 'id' });
    expect(r.run.failure.message).toMatch(/nothing was changed/);
    expect(await snapshot()).toEqual(before);
  });
});
