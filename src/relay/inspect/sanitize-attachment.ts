// "Sanitize attachments" (+ "Delete attachment if unable to remove active content"),
// docs/cegp/policies-and-content-filtering.md §5: writes a copy of the attachment without its
// active content, or says it cannot, so the caller deletes the attachment when the rule says so
// (policy event "Attachment deleted upon failure to remove active content").
//
// What can be removed: an Office 2007+ package's vbaProject.bin (sanitize-ooxml.ts); a PDF's
// action names in uncompressed objects, renamed in place (sanitize-pdf.ts). What cannot:
// macros of Word/Excel/PowerPoint 97–2003 files (the VBA storage is tied into the document's
// own records), active content inside an archive attachment or an embedded object, inside
// compressed PDF object streams, or in an encrypted file.
import { copyFile } from 'node:fs/promises';
import type { AttachmentFact } from '../../policies/engine/message-facts.js';
import { WHERE_SEPARATOR } from './inspection-state.js';
import { isVbaProjectPart } from './ooxml.js';
import { sanitizeOoxml } from './sanitize-ooxml.js';
import { sanitizePdf } from './sanitize-pdf.js';
import type { SanitizeResult } from './sanitize-result.js';

export type SanitizeInput = Pick<AttachmentFact, 'trueType' | 'activeContent' | 'protection'>;

export async function sanitizeAttachment(path: string, fact: SanitizeInput, outPath: string): Promise<SanitizeResult> {
  if (fact.activeContent.length === 0) {
    await copyFile(path, outPath);
    return { sanitized: true, reason: 'no active content found; copied unchanged' };
  }
  if (fact.activeContent.some((a) => a.where.includes(WHERE_SEPARATOR))) {
    return { sanitized: false, reason: 'active content inside an archive or an embedded file cannot be removed' };
  }
  if (fact.protection) return { sanitized: false, reason: `encrypted (${fact.protection.kind}): its content cannot be rewritten` };
  switch (fact.trueType) {
    case 'docx':
    case 'xlsx':
    case 'pptx':
      if (fact.activeContent.some((a) => !isVbaProjectPart(a.where) || a.where.includes('/embeddings/'))) {
        return { sanitized: false, reason: 'macros in embedded objects cannot be removed' };
      }
      return sanitizeOoxml(path, outPath);
    case 'pdf':
      return sanitizePdf(path, outPath);
    case 'doc':
    case 'xls':
    case 'ppt':
      return { sanitized: false, reason: `macros in an Office 97–2003 file (${fact.trueType}) cannot be removed` };
    default:
      return { sanitized: false, reason: `no sanitizer for ${fact.trueType ?? 'an unknown type'}` };
  }
}
