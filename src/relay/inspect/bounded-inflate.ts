// Inflates attacker-written Flate data with a cap on the output. Pure (fflate).
//
// The input is fed in pieces of INFLATE_PIECE_BYTES and the output is counted after each:
// Deflate's best ratio is about 1032:1 (RFC 1951 blocks of length-258 matches), so one piece
// yields at most ~1 MiB, and the bytes held never pass the cap by more than that.
import { Inflate, Unzlib } from 'fflate';

export const INFLATE_PIECE_BYTES = 1024;

export interface InflateResult {
  bytes: Uint8Array;
  /** Output stopped at the cap. */
  capped: boolean;
  /** The data was damaged or cut short (what came before the damage is kept). */
  damaged: boolean;
}

/** PDF FlateDecode is zlib (RFC 1950); some writers omit the header, so raw Deflate is tried then. */
export function inflateBounded(input: Uint8Array, maxOutputBytes: number): InflateResult {
  const zlibHeader = input.length >= 2 && (input[0]! & 0x0f) === 8 && ((input[0]! << 8) | input[1]!) % 31 === 0;
  const parts: Uint8Array[] = [];
  let produced = 0;
  const onData = (chunk: Uint8Array): void => {
    parts.push(chunk);
    produced += chunk.length;
  };
  const inflater = zlibHeader ? new Unzlib(onData) : new Inflate(onData);
  let damaged = false;
  try {
    for (let at = 0; at < input.length && produced < maxOutputBytes; at += INFLATE_PIECE_BYTES) {
      const end = Math.min(at + INFLATE_PIECE_BYTES, input.length);
      inflater.push(input.subarray(at, end), end === input.length);
    }
  } catch {
    damaged = true;
  }
  const all = concat(parts, produced);
  const capped = produced >= maxOutputBytes;
  return { bytes: capped ? all.subarray(0, maxOutputBytes) : all, capped, damaged };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
