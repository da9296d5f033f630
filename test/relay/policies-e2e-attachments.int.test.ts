// The attachment criteria of docs/cegp/policies-and-content-filtering.md §3 (rows 10–17) with
// real mail through the real relay: names (also inside ZIPs, CP932 and UTF-8), declared MIME
// types, true file types by signature, content keywords, size per attachment, count, password
// protection and active content. Each: a Quarantine rule, a matching and a non-matching
// message (policies-e2e-criteria.int.test.ts has the message criteria).
import { afterAll, beforeAll, expect } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { type CriterionCase, param, runCriterionCases } from '../support/relay-e2e-cases.js';
import {
  cp932Zip,
  docm,
  encryptedZip,
  file,
  JPEG,
  mailWith,
  PNG,
  pdfWithJavaScript,
  plainPdf,
  utf8Zip,
  zip,
} from '../support/relay-e2e-mail.js';
import { type RelayE2e, startRelayE2e } from '../support/relay-e2e.js';

const MB = 1024 * 1024;
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);

const CASES: CriterionCase[] = [
  {
    name: '10 attachment name: *.exe (full name; "setup.exe.txt" is not)',
    criteria: () => [{ type: 'ATTACHMENT_NAME', values: ['*.exe'] }],
    match: { raw: mailWith('tool', [file('SETUP.EXE', EXE)]) },
    matchEvidence: { ATTACHMENT_NAME: ['ATTACHMENT_NAME_MATCHED'] },
    matchCheck: (o) => expect(o.quarantined[0]!.reason).toBe('Attachment'),
    noMatch: { raw: mailWith('notes', [file('setup.exe.txt', 'just text', 'text/plain')]) },
    noMatchEvidence: { ATTACHMENT_NAME: ['ATTACHMENT_NAME_NONE'] },
  },
  {
    name: '10 attachment name inside a ZIP: a CP932 entry name (no UTF-8 flag)',
    criteria: () => [{ type: 'ATTACHMENT_NAME', values: ['請求書*.xls'] }],
    match: { raw: mailWith('zip', [file('archive.zip', cp932Zip('請求書①.xls'), 'application/zip')]) },
    matchEvidence: { ATTACHMENT_NAME: ['ATTACHMENT_NAME_MATCHED'] },
    matchCheck: (_o, s) =>
      expect(s.criteria[0]!.evidence.find((e) => e.code === 'ATTACHMENT_NAME_MATCHED')!.params.name).toBe('archive.zip › 請求書①.xls'),
    noMatch: { raw: mailWith('zip', [file('archive.zip', cp932Zip('見積書.xls'), 'application/zip')]) },
    noMatchEvidence: { ATTACHMENT_NAME: ['ATTACHMENT_NAME_NONE'] },
  },
  {
    name: '10 attachment name inside a ZIP: a UTF-8 entry name (flag 0x800)',
    criteria: () => [{ type: 'ATTACHMENT_NAME', values: ['請求書*.xls'] }],
    match: { raw: mailWith('zip', [file('archive.zip', utf8Zip('請求書①.xls'), 'application/zip')]) },
    matchEvidence: { ATTACHMENT_NAME: ['ATTACHMENT_NAME_MATCHED'] },
    noMatch: { raw: mailWith('zip', [file('archive.zip', utf8Zip('readme.txt'), 'application/zip')]) },
    noMatchEvidence: { ATTACHMENT_NAME: ['ATTACHMENT_NAME_NONE'] },
  },
  {
    name: '11 MIME content type: the declared type (application/pdf; an octet-stream named .pdf is not)',
    criteria: () => [{ type: 'ATTACHMENT_MIME_TYPE', values: ['application/pdf'] }],
    match: { raw: mailWith('pdf', [file('report.pdf', plainPdf(), 'application/pdf')]) },
    matchEvidence: { ATTACHMENT_MIME_TYPE: ['MIME_TYPE_MATCHED'] },
    noMatch: { raw: mailWith('pdf', [file('report.pdf', plainPdf(), 'application/octet-stream')]) },
    noMatchEvidence: { ATTACHMENT_MIME_TYPE: ['MIME_TYPE_NONE'] },
  },
  {
    name: '11 MIME content type: application/octet-stream selected matches the .pdf sent as octet-stream',
    criteria: () => [{ type: 'ATTACHMENT_MIME_TYPE', values: ['application/octet-stream'] }],
    match: { raw: mailWith('pdf', [file('report.pdf', plainPdf(), 'application/octet-stream')]) },
    matchEvidence: { ATTACHMENT_MIME_TYPE: ['MIME_TYPE_MATCHED'] },
    noMatch: { raw: mailWith('pdf', [file('report.pdf', plainPdf(), 'application/pdf')]) },
    noMatchEvidence: { ATTACHMENT_MIME_TYPE: ['MIME_TYPE_NONE'] },
  },
  {
    name: '12 true file type: zip selected catches a photo.jpg that is really a ZIP',
    criteria: () => [{ type: 'ATTACHMENT_TRUE_FILE_TYPE', values: ['zip'] }],
    match: { raw: mailWith('photo', [file('photo.jpg', zip({ 'a.txt': 'x' }), 'image/jpeg')]) },
    matchEvidence: { ATTACHMENT_TRUE_FILE_TYPE: ['TRUE_TYPE_MATCHED'] },
    noMatch: { raw: mailWith('photo', [file('photo.jpg', JPEG, 'image/jpeg')]) },
    noMatchEvidence: { ATTACHMENT_TRUE_FILE_TYPE: ['TRUE_TYPE_NONE'] },
  },
  {
    name: '12 true file type: jpeg "Not selected" catches a photo.jpg that is really a PNG',
    criteria: () => [{ type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: false, values: ['jpeg'] }],
    match: { raw: mailWith('photo', [file('photo.jpg', PNG, 'image/jpeg')]) },
    matchEvidence: { ATTACHMENT_TRUE_FILE_TYPE: ['TRUE_TYPE_NOT_LISTED'] },
    matchCheck: (_o, s) => expect(param(s, 'ATTACHMENT_TRUE_FILE_TYPE', 'type')).toBe('png'),
    noMatch: { raw: mailWith('photo', [file('photo.jpg', JPEG, 'image/jpeg')]) },
    noMatchEvidence: { ATTACHMENT_TRUE_FILE_TYPE: [] },
  },
  {
    name: '13 attachment content matches keyword expressions',
    criteria: (l) => [{ type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: [l.secret!] }],
    match: { raw: mailWith('notes', [file('notes.txt', 'This is STRICTLY CONFIDENTIAL.\r\n', 'text/plain')]) },
    matchEvidence: { ATTACHMENT_CONTENT_KEYWORDS: ['KEYWORD_MATCHED'] },
    // The keyword in the body is not in an attachment.
    noMatch: { raw: mailWith('notes', [file('notes.txt', 'Lunch menu.\r\n', 'text/plain')], 'strictly confidential\r\n') },
    noMatchEvidence: { ATTACHMENT_CONTENT_KEYWORDS: ['KEYWORD_NOT_MATCHED'] },
  },
  {
    name: '13 attachment content keywords: the text of a document inside a ZIP',
    criteria: (l) => [{ type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: [l.secret!] }],
    match: { raw: mailWith('zip', [file('docs.zip', zip({ 'plan.txt': 'strictly confidential plan' }), 'application/zip')]) },
    matchEvidence: { ATTACHMENT_CONTENT_KEYWORDS: ['KEYWORD_MATCHED'] },
    noMatch: { raw: mailWith('zip', [file('docs.zip', zip({ 'plan.txt': 'public plan' }), 'application/zip')]) },
    noMatchEvidence: { ATTACHMENT_CONTENT_KEYWORDS: ['KEYWORD_NOT_MATCHED'] },
  },
  {
    name: '14 attachment size > 2 MB, per attachment: of 3 MB and 1 MB only the 3 MB one matches',
    criteria: () => [{ type: 'ATTACHMENT_SIZE', operator: 'GT', bytes: 2 * MB }],
    match: { raw: mailWith('two files', [file('big.bin', Buffer.alloc(3 * MB, 1)), file('small.bin', Buffer.alloc(MB, 2))]) },
    matchEvidence: { ATTACHMENT_SIZE: ['SIZE_COMPARED'] },
    matchCheck: (_o, s) =>
      expect(s.criteria[0]!.evidence.map((e) => [e.params.name, e.params.size, e.params.result])).toEqual([
        ['big.bin', 3 * MB, true],
        ['small.bin', MB, false],
      ]),
    noMatch: { raw: mailWith('one file', [file('small.bin', Buffer.alloc(MB, 2))]) },
    noMatchEvidence: { ATTACHMENT_SIZE: ['SIZE_COMPARED'] },
    noMatchCheck: (_o, s) => expect(param(s, 'ATTACHMENT_SIZE', 'result')).toBe(false),
  },
  {
    name: '15 attachment number > 1',
    criteria: () => [{ type: 'ATTACHMENT_COUNT', operator: 'GT', count: 1 }],
    match: { raw: mailWith('two', [file('a.txt', 'a', 'text/plain'), file('b.txt', 'b', 'text/plain')]) },
    matchEvidence: { ATTACHMENT_COUNT: ['COUNT_COMPARED'] },
    matchCheck: (_o, s) => expect(param(s, 'ATTACHMENT_COUNT', 'count')).toBe(2),
    noMatch: { raw: mailWith('one', [file('a.txt', 'a', 'text/plain')]) },
    noMatchEvidence: { ATTACHMENT_COUNT: ['COUNT_COMPARED'] },
  },
  {
    name: '16 password protected (Any Match only): a ZIP entry with the encryption flag',
    criteria: () => [{ type: 'ATTACHMENT_PASSWORD_PROTECTED' }],
    match: { raw: mailWith('ppap', [file('secret.zip', encryptedZip(), 'application/zip')]) },
    matchEvidence: { ATTACHMENT_PASSWORD_PROTECTED: ['ATTACHMENT_PROTECTED'] },
    matchCheck: (_o, s) => expect(param(s, 'ATTACHMENT_PASSWORD_PROTECTED', 'kind')).toBe('ZIP_ENCRYPTED_ENTRY'),
    noMatch: { raw: mailWith('zip', [file('open.zip', zip({ 'a.txt': 'x' }), 'application/zip')]) },
    noMatchEvidence: { ATTACHMENT_PASSWORD_PROTECTED: ['NOTHING_PROTECTED'] },
  },
  {
    name: '17 active content (Any Match only): a docm with word/vbaProject.bin',
    criteria: () => [{ type: 'ATTACHMENT_ACTIVE_CONTENT' }],
    match: { raw: mailWith('macro', [file('report.docm', docm(true), 'application/vnd.ms-word.document.macroEnabled.12')]) },
    matchEvidence: { ATTACHMENT_ACTIVE_CONTENT: ['ACTIVE_CONTENT_FOUND'] },
    matchCheck: (_o, s) => expect(s.criteria[0]!.evidence[0]!.params).toMatchObject({ kind: 'OFFICE_MACRO', where: 'word/vbaProject.bin' }),
    noMatch: { raw: mailWith('no macro', [file('report.docx', docm(false))]) },
    noMatchEvidence: { ATTACHMENT_ACTIVE_CONTENT: ['NO_ACTIVE_CONTENT'] },
  },
  {
    name: '17 active content: a PDF with /JavaScript',
    criteria: () => [{ type: 'ATTACHMENT_ACTIVE_CONTENT' }],
    match: { raw: mailWith('pdf', [file('form.pdf', pdfWithJavaScript(), 'application/pdf')]) },
    matchEvidence: { ATTACHMENT_ACTIVE_CONTENT: ['ACTIVE_CONTENT_FOUND'] },
    matchCheck: (_o, s) => expect(param(s, 'ATTACHMENT_ACTIVE_CONTENT', 'kind')).toBe('PDF_JAVASCRIPT'),
    noMatch: { raw: mailWith('pdf', [file('plain.pdf', plainPdf(), 'application/pdf')]) },
    noMatchEvidence: { ATTACHMENT_ACTIVE_CONTENT: ['NO_ACTIVE_CONTENT'] },
  },
];

describeEachDatabase('attachment criteria end to end', (kind) => {
  let e: RelayE2e;
  const lists: Record<string, string> = {};
  beforeAll(async () => {
    e = await startRelayE2e(kind);
    lists.secret = await e.keywordList('secret', ['strictly confidential']);
  });
  afterAll(async () => e?.close());

  runCriterionCases(CASES, () => ({ e, lists }));
});
