// The key of signed report links is created once per database, even when several
// instances (here: concurrent callers on one client) ask for it first at the same moment.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadReportLinkKey, REPORT_LINK_KEY_NAME } from '../../../src/migration/reports/link-key.js';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describeEachDatabase('report link key', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('is made once, by whichever caller comes first, and read by the others', async () => {
    const db = t.app.database.client;
    expect(await db.serverSecret.count({ where: { name: REPORT_LINK_KEY_NAME } })).toBe(0);
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadReportLinkKey(db)));
    expect(keys[0]!.length).toBe(32);
    for (const k of keys) expect(k.equals(keys[0]!)).toBe(true);
    expect(await db.serverSecret.count({ where: { name: REPORT_LINK_KEY_NAME } })).toBe(1);
    // The app signs with the same key.
    expect((await t.app.reports.linkKey()).equals(keys[0]!)).toBe(true);
  });
});
