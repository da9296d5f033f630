// Adapter: DNS messages on the wire (dns-packet, whose name decoding is bounded: pointers may
// only point backwards, names stop at 255 octets, RFC 1035 §4.1.4). Decodes one checked
// query, encodes the pure answer, and makes every answer fit its transport: over UDP an
// answer larger than the client's buffer is sent empty with TC=1 so the client retries over
// TCP (RFC 1035 §4.2.1, RFC 6891 §7); over TCP one larger than a message can be (65,535
// octets, RFC 1035 §4.2.2) is SERVFAIL instead of an exception.
import dnsPacket from 'dns-packet';
import type { Answer, AnswerRecord, Rcode } from './answer.js';

/** Without EDNS a UDP answer may be 512 octets (RFC 1035 §2.3.4). */
export const PLAIN_UDP_PAYLOAD_BYTES = 512;
/**
 * Largest UDP answer whatever the client offers: DNS Flag Day 2020's 1,232 octets avoids IP
 * fragmentation on any path (and fragments are what amplification attacks ride on).
 */
export const MAX_UDP_PAYLOAD_BYTES = 1232;
/** A TCP message carries a 2-octet length (RFC 1035 §4.2.2). */
export const MAX_TCP_MESSAGE_BYTES = 65_535;
/** RFC 6891 §6.1.3: the EDNS version this server speaks. */
const EDNS_VERSION = 0;

const RCODE_NUMBERS: Record<Rcode | 'NOTIMP', number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };
/** RFC 6891 §9: BADVERS is 16, the upper eight bits carried in the OPT record. */
const BADVERS = 16;

export interface Query {
  id: number;
  rd: boolean;
  question: { name: string; type: string; class: string };
  /** The client's EDNS buffer size and version, when it sent an OPT record. */
  edns: { udpPayloadSize: number; version: number } | null;
}

export class MalformedQuery extends Error {}

/** Decodes a query that passed `checkQuery`; throws MalformedQuery for anything else. */
export function decodeQuery(packet: Buffer): Query {
  let decoded: dnsPacket.Packet;
  try {
    decoded = dnsPacket.decode(packet);
  } catch (err) {
    throw new MalformedQuery((err as Error).message);
  }
  const q = decoded.questions?.[0];
  if (!q) throw new MalformedQuery('no question');
  const additional = decoded.additionals?.[0];
  if (additional && additional.type !== 'OPT') throw new MalformedQuery(`additional record of type ${additional.type}`);
  const opt = additional as dnsPacket.OptAnswer | undefined;
  return {
    id: decoded.id ?? 0,
    rd: ((decoded.flags ?? 0) & dnsPacket.RECURSION_DESIRED) !== 0,
    question: { name: q.name, type: String(q.type), class: String(q.class ?? 'IN') },
    edns: opt ? { udpPayloadSize: opt.udpPayloadSize, version: opt.ednsVersion } : null,
  };
}

/** How large a UDP answer to this query may be. */
export function udpLimit(query: Query): number {
  if (!query.edns) return PLAIN_UDP_PAYLOAD_BYTES;
  return Math.min(MAX_UDP_PAYLOAD_BYTES, Math.max(PLAIN_UDP_PAYLOAD_BYTES, query.edns.udpPayloadSize));
}

interface Flags {
  aa?: boolean;
  tc?: boolean;
  rd: boolean;
  rcode: number;
  opcode?: number;
}

function flagsOf(f: Flags): number {
  return (
    ((f.opcode ?? 0) << 11) |
    (f.aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
    (f.tc ? dnsPacket.TRUNCATED_RESPONSE : 0) |
    (f.rd ? dnsPacket.RECURSION_DESIRED : 0) |
    (f.rcode & 0xf)
  );
}

function optRecord(extendedRcode = 0): dnsPacket.Answer {
  return {
    type: 'OPT',
    name: '.',
    udpPayloadSize: MAX_UDP_PAYLOAD_BYTES,
    extendedRcode,
    ednsVersion: EDNS_VERSION,
    flags: 0,
    flag_do: false,
    options: [],
  } as dnsPacket.OptAnswer;
}

function question(query: Query): dnsPacket.Question {
  return {
    name: query.question.name,
    type: query.question.type as dnsPacket.RecordType,
    class: query.question.class as dnsPacket.RecordClass,
  };
}

/**
 * The answer on the wire, within `maxBytes`: the full answer when it fits, else (UDP) the
 * question alone with TC=1, or (TCP, where nothing larger can be sent) SERVFAIL.
 */
export function encodeAnswer(query: Query, answer: Answer, maxBytes: number): { bytes: Buffer; truncated: boolean; rcode: string } {
  const additionals = query.edns ? [optRecord()] : [];
  const full: dnsPacket.Packet = {
    id: query.id,
    type: 'response',
    flags: flagsOf({ aa: answer.authoritative, rd: query.rd, rcode: RCODE_NUMBERS[answer.rcode] }),
    questions: [question(query)],
    answers: answer.answers.map(toPacketRecord),
    authorities: answer.authorities.map(toPacketRecord),
    additionals,
  };
  if (dnsPacket.encodingLength(full) <= maxBytes) return { bytes: dnsPacket.encode(full), truncated: false, rcode: answer.rcode };
  if (maxBytes >= MAX_TCP_MESSAGE_BYTES) {
    return { bytes: encodeEmpty(query, { rd: query.rd, rcode: RCODE_NUMBERS.SERVFAIL }), truncated: false, rcode: 'SERVFAIL' };
  }
  return { bytes: encodeTruncated(query, answer.authoritative), truncated: true, rcode: answer.rcode };
}

/** The question alone with TC=1: "ask again over TCP" (also RRL's slip answer). */
export function encodeTruncated(query: Query, authoritative = true): Buffer {
  return encodeEmpty(query, { aa: authoritative, tc: true, rd: query.rd, rcode: 0 });
}

/** An answer with no records: REFUSED for another class, SERVFAIL when the zones cannot be read. */
export function encodeStatus(query: Query, rcode: Rcode): Buffer {
  return encodeEmpty(query, { rd: query.rd, rcode: RCODE_NUMBERS[rcode] });
}

/** An EDNS version this server does not speak gets BADVERS (RFC 6891 §6.1.3). */
export function encodeBadVersion(query: Query): Buffer {
  return dnsPacket.encode({
    id: query.id,
    type: 'response',
    flags: flagsOf({ rd: query.rd, rcode: BADVERS & 0xf }),
    questions: [question(query)],
    additionals: [optRecord(BADVERS >> 4)],
  });
}

function encodeEmpty(query: Query, flags: Flags): Buffer {
  return dnsPacket.encode({
    id: query.id,
    type: 'response',
    flags: flagsOf(flags),
    questions: [question(query)],
    additionals: query.edns ? [optRecord()] : [],
  });
}

/**
 * A header-only answer for a packet that was not parsed (FORMERR, NOTIMP): RFC 1035 lets the
 * question section be empty, and copying it would mean parsing what was refused.
 */
export function encodeHeaderOnly(id: number, opcode: number, rd: boolean, rcode: 'FORMERR' | 'NOTIMP' | 'SERVFAIL'): Buffer {
  return dnsPacket.encode({ id, type: 'response', flags: flagsOf({ opcode, rd, rcode: RCODE_NUMBERS[rcode] }), questions: [] });
}

function toPacketRecord(r: AnswerRecord): dnsPacket.Answer {
  const base = { name: r.name, class: 'IN' as const, ttl: r.ttl };
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return { ...base, type: r.type, data: r.address };
    case 'CNAME':
      return { ...base, type: 'CNAME', data: r.domain };
    case 'NS':
      return { ...base, type: 'NS', data: r.ns };
    case 'MX':
      return { ...base, type: 'MX', data: { preference: r.priority, exchange: r.exchange } };
    case 'TXT':
      return { ...base, type: 'TXT', data: r.strings.map((s) => Buffer.from(s, 'utf8')) };
    case 'SOA':
      return {
        ...base,
        type: 'SOA',
        data: {
          mname: r.primary,
          rname: r.admin,
          serial: r.serial,
          refresh: r.refresh,
          retry: r.retry,
          expire: r.expiration,
          minimum: r.minimum,
        },
      };
  }
}
