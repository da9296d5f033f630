// A bounded LZMA decoder, only for 7z headers. Pure.
//
// 7-Zip compresses an archive's header with LZMA by default; the header names each folder's
// coders, and 7zAES among them is the only sign of a password when file names are not
// encrypted (archive-headers.ts). This follows the LZMA specification's reference decoder
// (LZMA SDK, DOC/lzma-specification.txt, LzmaSpec.cpp) and stops at `outSize` bytes, which
// the caller bounds; every iteration emits at least one byte, so it always ends.

const PROB_INIT = 1024;
const NUM_STATES = 12;
const POS_STATES_MAX = 16;
const END_POS_MODEL_INDEX = 14;
const NUM_FULL_DISTANCES = 128;
/** lc + lp above this would need megabytes of probabilities; 7-Zip writes lc=3, lp=0. */
const MAX_LC_LP = 8;

class RangeDecoder {
  private range = 0xffffffff;
  private code = 0;
  private at: number;

  constructor(private readonly input: Uint8Array) {
    this.at = 1;
    for (let i = 0; i < 4; i++) this.code = this.code * 256 + this.next();
  }

  private next(): number {
    return this.at < this.input.length ? this.input[this.at++]! : 0;
  }

  private normalize(): void {
    if (this.range < 0x1000000) {
      this.range *= 256;
      this.code = this.code * 256 + this.next();
    }
  }

  bit(probs: Uint16Array, i: number): number {
    const p = probs[i]!;
    const bound = Math.floor(this.range / 2048) * p;
    let b: number;
    if (this.code < bound) {
      this.range = bound;
      probs[i] = p + ((2048 - p) >> 5);
      b = 0;
    } else {
      this.range -= bound;
      this.code -= bound;
      probs[i] = p - (p >> 5);
      b = 1;
    }
    this.normalize();
    return b;
  }

  direct(count: number): number {
    let result = 0;
    for (let i = 0; i < count; i++) {
      this.range = Math.floor(this.range / 2);
      let b = 0;
      if (this.code >= this.range) {
        this.code -= this.range;
        b = 1;
      }
      result = result * 2 + b;
      this.normalize();
    }
    return result;
  }

  tree(probs: Uint16Array, offset: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = m * 2 + this.bit(probs, offset + m);
    return m - (1 << bits);
  }

  reverseTree(probs: Uint16Array, offset: number, bits: number): number {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(probs, offset + m);
      m = m * 2 + b;
      symbol |= b << i;
    }
    return symbol;
  }
}

class LengthDecoder {
  private readonly choice = new Uint16Array(2).fill(PROB_INIT);
  private readonly low = new Uint16Array(POS_STATES_MAX << 3).fill(PROB_INIT);
  private readonly mid = new Uint16Array(POS_STATES_MAX << 3).fill(PROB_INIT);
  private readonly high = new Uint16Array(256).fill(PROB_INIT);

  decode(rc: RangeDecoder, posState: number): number {
    if (rc.bit(this.choice, 0) === 0) return rc.tree(this.low, posState << 3, 3);
    if (rc.bit(this.choice, 1) === 0) return 8 + rc.tree(this.mid, posState << 3, 3);
    return 16 + rc.tree(this.high, 0, 8);
  }
}

/**
 * Decodes `input` (raw LZMA data, as 7z stores it: no header) with the 5 property bytes of
 * the coder, to exactly `outSize` bytes; null when the properties are out of range or the
 * data refers outside what was decoded (damage).
 */
export function lzmaDecode(input: Uint8Array, props: Uint8Array, outSize: number): Uint8Array | null {
  if (props.length < 5 || props[0]! >= 9 * 5 * 5) return null;
  let d = props[0]!;
  const lc = d % 9;
  d = Math.floor(d / 9);
  const lp = d % 5;
  const pb = Math.floor(d / 5);
  if (lc + lp > MAX_LC_LP) return null;
  const out = new Uint8Array(outSize);
  const rc = new RangeDecoder(input);
  const literals = new Uint16Array(0x300 << (lc + lp)).fill(PROB_INIT);
  const isMatch = new Uint16Array(NUM_STATES << 4).fill(PROB_INIT);
  const isRep = new Uint16Array(NUM_STATES).fill(PROB_INIT);
  const isRepG0 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
  const isRepG1 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
  const isRepG2 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
  const isRep0Long = new Uint16Array(NUM_STATES << 4).fill(PROB_INIT);
  const posSlots = new Uint16Array(4 << 6).fill(PROB_INIT);
  const posDecoders = new Uint16Array(1 + NUM_FULL_DISTANCES - END_POS_MODEL_INDEX).fill(PROB_INIT);
  const align = new Uint16Array(16).fill(PROB_INIT);
  const lenDecoder = new LengthDecoder();
  const repLenDecoder = new LengthDecoder();
  const pbMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;
  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  let pos = 0;

  while (pos < outSize) {
    const posState = pos & pbMask;
    if (rc.bit(isMatch, (state << 4) + posState) === 0) {
      const prev = pos > 0 ? out[pos - 1]! : 0;
      const base = 0x300 * (((pos & lpMask) << lc) + (prev >> (8 - lc)));
      let symbol = 1;
      if (state >= 7 && pos > rep0) {
        let matchByte = out[pos - rep0 - 1]!;
        while (symbol < 0x100) {
          const matchBit = (matchByte >> 7) & 1;
          matchByte <<= 1;
          const b = rc.bit(literals, base + ((1 + matchBit) << 8) + symbol);
          symbol = (symbol << 1) | b;
          if (matchBit !== b) break;
        }
      }
      while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(literals, base + symbol);
      out[pos++] = symbol - 0x100;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len: number;
    if (rc.bit(isRep, state) === 1) {
      if (pos === 0) return null;
      if (rc.bit(isRepG0, state) === 0) {
        if (rc.bit(isRep0Long, (state << 4) + posState) === 0) {
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1]!;
          pos++;
          continue;
        }
      } else {
        let dist: number;
        if (rc.bit(isRepG1, state) === 0) dist = rep1;
        else {
          if (rc.bit(isRepG2, state) === 0) dist = rep2;
          else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = repLenDecoder.decode(rc, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = lenDecoder.decode(rc, posState);
      state = state < 7 ? 7 : 10;
      rep0 = distance(rc, len, posSlots, posDecoders, align);
      if (rep0 === 0xffffffff) break;
    }
    if (rep0 >= pos) return null;
    for (let n = len + 2; n > 0 && pos < outSize; n--, pos++) out[pos] = out[pos - rep0 - 1]!;
  }
  return out;
}

function distance(rc: RangeDecoder, len: number, posSlots: Uint16Array, posDecoders: Uint16Array, align: Uint16Array): number {
  const lenState = Math.min(len, 3);
  const posSlot = rc.tree(posSlots, lenState << 6, 6);
  if (posSlot < 4) return posSlot;
  const directBits = (posSlot >> 1) - 1;
  let dist = (2 + (posSlot & 1)) * 2 ** directBits;
  if (posSlot < END_POS_MODEL_INDEX) return dist + rc.reverseTree(posDecoders, dist - posSlot, directBits);
  dist += rc.direct(directBits - 4) * 16;
  return dist + rc.reverseTree(align, 0, 4);
}
