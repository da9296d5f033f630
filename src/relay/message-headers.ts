// Pure. The top-level header fields as MessageFacts carries them (criterion 4 of
// docs/cegp/policies-and-content-filtering.md §3 matches keyword lists against them): in order,
// names lower case, values unfolded and decoded (RFC 2047 encoded-words, B and Q), within the
// parse budget. A raw 8-bit value (RFC 6532 UTF-8, or the Shift_JIS some Japanese mailers still
// send) is read as UTF-8 when it is valid UTF-8, else as CP932, rather than as U+FFFD.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import type { BudgetCut, HeaderFact } from '../policies/engine/message-facts.js';
import type { ParseBudget } from './parse-budget.js';

/** A raw header line as mailparser's `headerLines` event gives it: `line` is a binary string (one char per byte), folding included. */
export interface RawHeaderLine {
  key: string;
  line: string;
}

export interface HeaderFacts {
  headers: HeaderFact[];
  cuts: BudgetCut[];
}

/** Decodes one raw header line into its name and value (unfolded, encoded-words decoded). */
export function decodeHeaderLine(line: string): HeaderFact {
  const bytes = Buffer.from(line, 'latin1');
  const text = !/[\x80-\xff]/.test(line) || isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'cp932');
  const { key, value } = libmime.decodeHeader(text);
  let decoded = value;
  try {
    decoded = libmime.decodeWords(value);
  } catch {
    // an encoded-word in a charset nobody knows: keep it as written
  }
  return { name: key, value: decoded };
}

/** The header facts of the top-level header, bounded by `budget` (the HEADERS items). */
export function headerFacts(lines: readonly RawHeaderLine[], budget: ParseBudget): HeaderFacts {
  const headers: HeaderFact[] = [];
  const cuts: BudgetCut[] = [];
  let bytes = 0;
  let truncated = 0;
  for (const [i, raw] of lines.entries()) {
    if (headers.length >= budget.headerFields || bytes + raw.line.length > budget.headerBytes) {
      const reason = headers.length >= budget.headerFields ? `${budget.headerFields} fields` : `${budget.headerBytes} bytes`;
      cuts.push({ item: 'HEADERS', detail: `${lines.length - i} header fields after the first ${reason} not scanned` });
      break;
    }
    bytes += raw.line.length;
    const field = decodeHeaderLine(raw.line);
    if (field.value.length > budget.headerValueChars) {
      field.value = field.value.slice(0, budget.headerValueChars);
      truncated++;
    }
    headers.push(field);
  }
  if (truncated > 0) {
    cuts.push({ item: 'HEADERS', detail: `${truncated} header values cut after ${budget.headerValueChars} characters` });
  }
  return { headers, cuts };
}

/** The value of the first field named `name` (lower case), or null. */
export function firstHeader(headers: readonly HeaderFact[], name: string): string | null {
  return headers.find((header) => header.name === name)?.value ?? null;
}

/** An address list entry as mailparser parses From:/Reply-To: (nodemailer's addressparser). */
export interface ParsedAddress {
  address?: string;
  name?: string;
  group?: ParsedAddress[];
}

/** The first mailbox's address, lower case (a group's first member counts), or null. */
export function firstMailbox(addresses: readonly ParsedAddress[] | undefined): string | null {
  for (const entry of addresses ?? []) {
    if (entry.group) {
      const inGroup = firstMailbox(entry.group);
      if (inGroup) return inGroup;
    } else if (entry.address?.trim()) {
      return entry.address.trim().toLowerCase();
    }
  }
  return null;
}
