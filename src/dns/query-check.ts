// What to do with a packet before any parser sees it: pure, reads only the fixed 12-byte
// header (RFC 1035 §4.1.1), so a hostile packet costs the same few operations as a good one.
// A query has QR=0, opcode QUERY, exactly one question, no answers or authorities and at
// most one additional record (the EDNS OPT, RFC 6891 §6.1.1).

/** Fixed size of a DNS header. */
export const HEADER_BYTES = 12;
/**
 * Largest query accepted. A question is at most 255 (name) + 4 octets, an OPT record 11
 * plus its options (a cookie is 28, padding rarely more than a few hundred): 1,232 octets,
 * the DNS Flag Day 2020 payload size, is far above any real query and small enough that
 * one packet cannot make the codec work hard.
 */
export const MAX_QUERY_BYTES = 1232;

const OPCODE_QUERY = 0;

export type QueryVerdict =
  /** Not worth an answer: too short to carry an ID, or a response (answering those loops). */
  | { action: 'drop'; reason: 'short' | 'response' }
  /** Answer with the header only: the rcode says why. */
  | { action: 'refuse'; id: number; rcode: 'FORMERR' | 'NOTIMP'; opcode: number; rd: boolean; reason: string }
  | { action: 'parse' };

export function checkQuery(packet: Uint8Array): QueryVerdict {
  if (packet.length < HEADER_BYTES) return { action: 'drop', reason: 'short' };
  const id = (packet[0]! << 8) | packet[1]!;
  const flags = (packet[2]! << 8) | packet[3]!;
  if (flags & 0x8000) return { action: 'drop', reason: 'response' };
  const opcode = (flags >> 11) & 0xf;
  const rd = (flags & 0x0100) !== 0;
  const count = (at: number) => (packet[at]! << 8) | packet[at + 1]!;
  if (opcode !== OPCODE_QUERY) return { action: 'refuse', id, rcode: 'NOTIMP', opcode, rd, reason: `opcode ${opcode}` };
  const refuse = (reason: string) => ({ action: 'refuse', id, rcode: 'FORMERR', opcode, rd, reason }) as const;
  if (packet.length > MAX_QUERY_BYTES) return refuse(`${packet.length} bytes`);
  if (count(4) !== 1) return refuse(`${count(4)} questions`);
  if (count(6) !== 0 || count(8) !== 0) return refuse('answer or authority records in a query');
  if (count(10) > 1) return refuse(`${count(10)} additional records`);
  return { action: 'parse' };
}
