// The report's wording outside the PDF layout: destinations in the reader's language, times
// in UTC and in the tenant's zone, the download's file name, and the report content as
// build-report assembles it for GraphQL and the PDF.
import { describe, expect, it } from 'vitest';
import { REGION_SITES } from '../../../src/accounts/regions.js';
import { buildReport } from '../../../src/migration/reports/build-report.js';
import { destinationIn, REPORT_TEXT, reportFileName, reportTimes } from '../../../src/migration/reports/report-text.js';

describe('destinationIn', () => {
  it.each([
    ['Inbound Protection > Content Filtering > DDEIにBCCでメール送信', '受信保護 > コンテンツフィルタ > DDEIにBCCでメール送信'],
    ['Outbound Protection > DKIM Signing > example.co.jp', '送信保護 > DKIM 署名 > example.co.jp'],
    ['Policy Objects > Address Groups > 営業部 - internal', 'ポリシーオブジェクト > アドレスグループ > 営業部 - internal'],
    ['IP Reputation > Blocked IP Addresses', 'IP レピュテーション > ブロックする IP アドレス'],
    ['DKIM Verification > Default > Ignored Peers', 'DKIM 検証 > 初期設定 > 無視するピア'],
    ['Domains', 'ドメイン'],
    ['—', '—'],
    ['', ''],
  ])('%s → %s', (en, ja) => {
    expect(destinationIn(en, 'ja')).toBe(ja);
    expect(destinationIn(en, 'en')).toBe(en);
  });

  it('translates menu entries only: a rule named like a menu, or containing " > ", stays as written', () => {
    expect(destinationIn('Policy Objects > Stamps > Default', 'ja')).toBe('ポリシーオブジェクト > スタンプ > Default');
    expect(destinationIn('Inbound Protection > Virus Scan > A > Domains', 'ja')).toBe('受信保護 > ウイルス検索 > A > Domains');
  });
});

describe('reportTimes', () => {
  const at = '2024-05-22T06:50:39.000Z';
  it("shows UTC as CEGP does, then the time in the tenant region's zone", () => {
    expect(reportTimes(at, REGION_SITES.JP.timeZone)).toEqual(['2024/05/22 06:50:39 (UTC)', '2024/05/22 15:50:39 (JST)']);
    expect(reportTimes(at, REGION_SITES.US.timeZone)).toEqual(['2024/05/22 06:50:39 (UTC)', '2024/05/22 02:50:39 (EDT)']);
    expect(reportTimes('2024-01-10T23:30:00Z', REGION_SITES.EU.timeZone)).toEqual([
      '2024/01/10 23:30:00 (UTC)',
      '2024/01/11 00:30:00 (CET)',
    ]);
    expect(reportTimes(at, REGION_SITES.SG.timeZone)[1]).toBe('2024/05/22 14:50:39 (UTC+8)');
    expect(reportTimes(at, REGION_SITES.IN.timeZone)[1]).toBe('2024/05/22 12:20:39 (IST)');
  });

  it('gives every region a zone this Node knows', () => {
    for (const site of Object.values(REGION_SITES)) expect(reportTimes(at, site.timeZone)).toHaveLength(2);
  });

  it('shows UTC alone for no zone or an unknown one, and an invalid time as given', () => {
    expect(reportTimes(at, undefined)).toEqual(['2024/05/22 06:50:39 (UTC)']);
    expect(reportTimes(at, 'Mars/Olympus')).toEqual(['2024/05/22 06:50:39 (UTC)']);
    expect(reportTimes('yesterday', 'Asia/Tokyo')).toEqual(['yesterday']);
  });
});

describe('reportFileName', () => {
  it("names the download in the reader's language, with an ASCII form", () => {
    expect(reportFileName('ANALYSIS', 'ja', 'Config_Files_20240522_153925.dat')).toEqual({
      name: 'データ分析レポート_Config_Files_20240522_153925_ja.pdf',
      ascii: 'data-analysis-report_Config_Files_20240522_153925_ja.pdf',
    });
    expect(reportFileName('MIGRATION', 'en', '設定 "1".dat')).toEqual({
      name: 'data-migration-report_____1__en.pdf',
      ascii: 'data-migration-report_____1__en.pdf',
    });
  });
});

describe('buildReport', () => {
  const run = {
    fileName: 'x.dat',
    mode: 'MERGE' as const,
    product: 'IMSVA',
    version: '9.1',
    build: '2011',
    language: 'ja',
    counts: { ERROR: 1 },
  };
  const item = {
    code: 'ACTION_TARGET_UNMANAGED',
    category: 'ERROR' as const,
    sourcePath: 'policy/rules.xml#rule[r7]',
    destination: 'Inbound Protection > Content Filtering > DDEI',
    message: 'en',
    messageJa: 'ja',
    fix: 'fix',
    fixJa: '対処',
  };
  it("writes destinations, messages and next steps in the report's language, with the tenant's zone", () => {
    const ja = buildReport('MIGRATION', 'ja', run, [item], new Date('2024-05-22T06:50:39Z'), 'A (a)', 'Asia/Tokyo');
    expect(ja.items[0]).toMatchObject({ destination: '受信保護 > コンテンツフィルタ > DDEI', message: 'ja', fix: '対処' });
    expect(ja.nextSteps).toEqual(REPORT_TEXT.ja.nextSteps.MIGRATION);
    expect(ja.basicInformation).toMatchObject({ generatedAt: '2024-05-22T06:50:39.000Z', timeZone: 'Asia/Tokyo' });
    const en = buildReport('MIGRATION', 'en', run, [item], new Date('2024-05-22T06:50:39Z'), 'A (a)', 'Asia/Tokyo');
    expect(en.items[0]).toMatchObject({ destination: item.destination, message: 'en', fix: 'fix' });
  });
});
