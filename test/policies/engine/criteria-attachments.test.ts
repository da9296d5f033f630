// The attachment criteria (§3 rows 10–12, 14, 16, 17): Selected / Not selected, names with
// `*`, names inside archives (one decoded from CP932), declared and true types, sizes per
// attachment at the boundary, password protection, active content.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { globMatch, mimeEntryMatches } from '../../../src/policies/engine/criteria-attachments.js';
import { attachment, criterion, facts } from '../../support/engine-builders.js';

describe('file names (row 10)', () => {
  it('matches the full name, case-insensitive, `*` as any substring', () => {
    expect(globMatch('*.doc*', 'Plan.DOCX')).toBe(true);
    expect(globMatch('LOVE-LETTER*.vbs', 'love-letter-for-you.txt.vbs')).toBe(true);
    expect(globMatch('abc', 'abc.doc')).toBe(false);
    expect(globMatch('a*b*c', 'abc')).toBe(true);
    expect(globMatch('a*bc*c', 'abc')).toBe(false);
  });

  it('Selected: the matching attachment, with the pattern that matched', () => {
    const f = facts({
      attachments: [
        attachment(),
        attachment({ index: 1, partPath: '1.3', filename: 'setup.EXE', declaredType: 'application/octet-stream' }),
      ],
    });
    const r = criterion([{ type: 'ATTACHMENT_NAME', selected: true, patterns: ['*.exe', '*.scr'] }], f);
    expect(r.result).toMatchObject({
      matched: true,
      evidence: [{ code: 'ATTACHMENT_NAME_MATCHED', params: { name: 'setup.EXE', pattern: '*.exe' } }],
    });
    expect(r.verdict.policyEvents[0]!.threatType).toBe('ATTACHMENT');
    expect(r.verdict.quarantine?.reason).toBe('Attachment');
  });

  it('looks inside archives: an entry whose name was CP932 in the ZIP', () => {
    // The parser decodes the entry name (UTF-8 flag unset, not UTF-8 → CP932); the engine sees the text.
    const name = iconv.decode(iconv.encode('請求書.exe', 'cp932'), 'cp932');
    const zip = attachment({
      filename: 'docs.zip',
      declaredType: 'application/zip',
      trueType: 'zip',
      archiveEntries: [{ name, sizeBytes: 10, encrypted: false, trueType: 'exe' }],
    });
    const r = criterion([{ type: 'ATTACHMENT_NAME', selected: true, patterns: ['請求書*'] }], facts({ attachments: [zip] }));
    expect(r.result).toMatchObject({ matched: true, evidence: [{ params: { name: 'docs.zip › 請求書.exe', pattern: '請求書*' } }] });
  });

  it('Not selected: matches an attachment whose name is not in the list; a nameless part is not compared', () => {
    const c = [{ type: 'ATTACHMENT_NAME' as const, selected: false, patterns: ['*.pdf'] }];
    expect(criterion(c, facts({ attachments: [attachment()] })).result.matched).toBe(false);
    const r = criterion(c, facts({ attachments: [attachment(), attachment({ index: 1, filename: 'notes.txt' })] }));
    expect(r.result).toMatchObject({ matched: true, evidence: [{ code: 'ATTACHMENT_NAME_NOT_LISTED', params: { name: 'notes.txt' } }] });
    const unnamed = criterion(c, facts({ attachments: [attachment({ filename: null })] }));
    expect(unnamed.result).toMatchObject({ matched: false, evidence: [{ code: 'ATTACHMENT_UNNAMED' }] });
  });

  it('no attachments: not matched, either way', () => {
    expect(criterion([{ type: 'ATTACHMENT_NAME', selected: false, patterns: ['*.pdf'] }], facts()).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'NO_ATTACHMENTS' }],
    });
  });
});

describe('MIME and true file types (rows 11, 12)', () => {
  it('MIME: the declared type; "Other" entries 3dm and *.3dm name the subtype', () => {
    expect(mimeEntryMatches('application/pdf', 'application/pdf')).toBe(true);
    expect(mimeEntryMatches('image/*', 'image/png')).toBe(true);
    expect(mimeEntryMatches('3dm', 'model/x-3dm')).toBe(true);
    expect(mimeEntryMatches('*.3dm', 'application/3dm')).toBe(true);
    expect(mimeEntryMatches('3dm', 'application/3dmf')).toBe(false);
    const f = facts({ attachments: [attachment({ filename: 'x.pdf', declaredType: 'application/octet-stream' })] });
    expect(criterion([{ type: 'ATTACHMENT_MIME_TYPE', selected: true, types: ['application/pdf'] }], f).result.matched).toBe(false);
    const hit = criterion([{ type: 'ATTACHMENT_MIME_TYPE', selected: true, types: ['application/octet-stream'] }], f);
    expect(hit.result.evidence[0]).toMatchObject({ code: 'MIME_TYPE_MATCHED', params: { type: 'application/octet-stream' } });
    const not = criterion([{ type: 'ATTACHMENT_MIME_TYPE', selected: false, types: ['application/pdf'] }], f);
    expect(not.result).toMatchObject({ matched: true, evidence: [{ code: 'MIME_TYPE_NOT_LISTED' }] });
  });

  it('true type: by signature, whatever the name says, archive entries included; unknown is not compared', () => {
    const disguised = attachment({ filename: 'invoice.pdf', trueType: 'exe' });
    expect(
      criterion([{ type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: true, types: ['exe'] }], facts({ attachments: [disguised] })).result,
    ).toMatchObject({
      matched: true,
      evidence: [{ code: 'TRUE_TYPE_MATCHED', params: { name: 'invoice.pdf', type: 'exe' } }],
    });
    const zip = attachment({
      filename: 'a.zip',
      trueType: 'zip',
      archiveEntries: [{ name: 'run.js', sizeBytes: 1, encrypted: false, trueType: 'js' }],
    });
    expect(
      criterion([{ type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: true, types: ['js'] }], facts({ attachments: [zip] })).result.matched,
    ).toBe(true);
    const unknown = criterion(
      [{ type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: false, types: ['pdf'] }],
      facts({ attachments: [attachment({ trueType: null })] }),
    );
    expect(unknown.result).toMatchObject({ matched: false, evidence: [{ code: 'TRUE_TYPE_UNKNOWN' }] });
    const notListed = criterion(
      [{ type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: false, types: ['pdf'] }],
      facts({ attachments: [disguised] }),
    );
    expect(notListed.result).toMatchObject({ matched: true, evidence: [{ code: 'TRUE_TYPE_NOT_LISTED', params: { type: 'exe' } }] });
  });
});

describe('size, protection and active content (rows 14, 16, 17)', () => {
  const MB = 1024 * 1024;
  it('row 14 is per attachment: 3 MB + 1 MB with "> 2 MB" → only the 3 MB one', () => {
    const f = facts({
      attachments: [
        attachment({ partPath: '1.2', filename: 'big.pdf', sizeBytes: 3 * MB }),
        attachment({ index: 1, partPath: '1.3', filename: 'small.pdf', sizeBytes: MB }),
      ],
    });
    const r = criterion(
      [{ type: 'ATTACHMENT_SIZE', op: 'GT', bytes: 2 * MB }],
      f,
      {},
      { intercept: 'NONE', modifyActions: [{ type: 'DELETE_ATTACHMENTS' }] },
    );
    expect(r.verdict.modifications).toEqual([{ type: 'DELETE_ATTACHMENTS', partPaths: ['1.2'] }]);
    expect(r.result.evidence.map((e) => e.params.result)).toEqual([true, false]);
  });

  it('row 14 boundaries: exactly the threshold is not "> n" but is "<= n"', () => {
    const f = facts({ attachments: [attachment({ sizeBytes: 2048 })] });
    expect(criterion([{ type: 'ATTACHMENT_SIZE', op: 'GT', bytes: 2048 }], f).result.matched).toBe(false);
    expect(criterion([{ type: 'ATTACHMENT_SIZE', op: 'LE', bytes: 2048 }], f).result.matched).toBe(true);
    expect(criterion([{ type: 'ATTACHMENT_SIZE', op: 'LE', bytes: 2047 }], f).result.matched).toBe(false);
  });

  it('row 16: a protected attachment, or an encrypted archive entry', () => {
    const c = [{ type: 'ATTACHMENT_PASSWORD_PROTECTED' as const }];
    const pdf = attachment({ protection: { kind: 'PDF_ENCRYPTED', where: 'trailer /Encrypt' } });
    expect(criterion(c, facts({ attachments: [pdf] })).result.evidence[0]).toMatchObject({
      code: 'ATTACHMENT_PROTECTED',
      params: { kind: 'PDF_ENCRYPTED' },
    });
    const zip = attachment({ filename: 'a.zip', archiveEntries: [{ name: 'x.docx', sizeBytes: 5, encrypted: true, trueType: null }] });
    expect(criterion(c, facts({ attachments: [zip] })).result.evidence[0]).toMatchObject({
      code: 'ARCHIVE_ENTRY_ENCRYPTED',
      params: { entry: 'x.docx' },
    });
    expect(criterion(c, facts({ attachments: [attachment()] })).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'NOTHING_PROTECTED' }],
    });
  });

  it('row 17: active content, where it was found', () => {
    const c = [{ type: 'ATTACHMENT_ACTIVE_CONTENT' as const }];
    const docm = attachment({ filename: 'a.docm', activeContent: [{ kind: 'OFFICE_MACRO', where: 'word/vbaProject.bin' }] });
    expect(criterion(c, facts({ attachments: [docm] })).result.evidence[0]).toMatchObject({
      code: 'ACTIVE_CONTENT_FOUND',
      params: { where: 'word/vbaProject.bin' },
    });
    expect(criterion(c, facts({ attachments: [attachment()] })).result.matched).toBe(false);
  });

  it('rows 16–18 are Any Match only: under All Match they read as not matched', () => {
    const r = criterion(
      [{ type: 'ATTACHMENT_ACTIVE_CONTENT' }],
      facts({ attachments: [attachment({ activeContent: [{ kind: 'PDF_JAVASCRIPT', where: 'obj 3' }] })] }),
      {},
      { criteriaMode: 'ALL_MATCH' },
    );
    expect(r.result).toMatchObject({ matched: false, evidence: [{ code: 'CRITERION_ANY_MATCH_ONLY' }] });
    expect(r.step.outcome).toBe('NOT_MATCHED');
  });
});
