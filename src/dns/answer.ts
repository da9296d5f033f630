// The authoritative answer to one DNS question from one zone: pure, no sockets.
// RFC 1034 §4.3.2 (lookup, CNAME chasing), RFC 2308 §2 (NXDOMAIN vs NODATA, SOA in the
// authority section for negative caching), RFC 8020 (empty non-terminals are NODATA).

export type RecordKind = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS' | 'SOA';

export interface ZoneRecord {
  name: string;
  type: Exclude<RecordKind, 'SOA'>;
  ttlSeconds: number;
  value: string;
  priority: number | null;
}

export interface ZoneView {
  apex: string;
  serial: number;
  records: ZoneRecord[];
  /** Names that exist without records of their own beyond those listed (synthetic zones). */
  emptyNonTerminals?: string[];
}

/**
 * A zone ready to answer from: its records by owner name and every name that exists in it
 * (owners and their ancestors up to the apex, RFC 8020 empty non-terminals). Built once per
 * snapshot, so an answer costs a map lookup instead of a scan of the zone.
 */
export interface IndexedZone extends ZoneView {
  byName: Map<string, ZoneRecord[]>;
  existingNames: Set<string>;
}

export function indexZone(view: ZoneView): IndexedZone {
  const byName = new Map<string, ZoneRecord[]>();
  const existingNames = new Set<string>([view.apex, ...(view.emptyNonTerminals ?? [])]);
  for (const r of view.records) {
    const list = byName.get(r.name);
    if (list) list.push(r);
    else byName.set(r.name, [r]);
    // The owner and each ancestor below the apex exist.
    let name = r.name;
    while (name.length > view.apex.length && !existingNames.has(name)) {
      existingNames.add(name);
      const dot = name.indexOf('.');
      if (dot < 0) break;
      name = name.slice(dot + 1);
    }
  }
  return { ...view, byName, existingNames };
}

export interface SoaData {
  primary: string;
  admin: string;
  serial: number;
  refresh: number;
  retry: number;
  expiration: number;
  minimum: number;
}

export type AnswerRecord =
  | { name: string; type: 'A' | 'AAAA'; ttl: number; address: string }
  | { name: string; type: 'CNAME'; ttl: number; domain: string }
  | { name: string; type: 'NS'; ttl: number; ns: string }
  | { name: string; type: 'MX'; ttl: number; exchange: string; priority: number }
  | { name: string; type: 'TXT'; ttl: number; strings: string[] }
  | ({ name: string; type: 'SOA'; ttl: number } & SoaData);

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'REFUSED' | 'FORMERR' | 'SERVFAIL';

export interface Answer {
  rcode: Rcode;
  authoritative: boolean;
  answers: AnswerRecord[];
  authorities: AnswerRecord[];
}

/** The mock's own name server; .invalid (RFC 6761 §6.4) can never collide with a real one. */
export const MOCK_NAME_SERVER = 'ns1.rehearsal.invalid';
export const MOCK_HOSTMASTER = 'hostmaster.rehearsal.invalid';
/** Negative answers are cached this long (RFC 2308 §5): short, because rehearsals change DNS. */
export const NEGATIVE_TTL_SECONDS = 60;
const SOA_TIMERS = { refresh: 3600, retry: 600, expiration: 604800, minimum: NEGATIVE_TTL_SECONDS };
/** RFC 1035 §3.3.14: a character-string holds at most 255 octets. */
export const TXT_CHUNK_OCTETS = 255;
const MAX_CNAME_HOPS = 8;

export function soaOf(zone: ZoneView): AnswerRecord {
  return {
    name: zone.apex,
    type: 'SOA',
    ttl: NEGATIVE_TTL_SECONDS,
    primary: MOCK_NAME_SERVER,
    admin: MOCK_HOSTMASTER,
    serial: zone.serial,
    ...SOA_TIMERS,
  };
}

export const REFUSED: Answer = { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [] };

/**
 * `qtype` is a type name, or 'ANY'; other types (SRV, PTR, …) get NODATA where the name
 * exists, as no record of theirs is stored.
 */
export function answerQuestion(qname: string, qtype: string, view: ZoneView | IndexedZone | null): Answer {
  if (!view) return REFUSED;
  const zone = 'byName' in view ? view : indexZone(view);
  const answers: AnswerRecord[] = [];
  let name = qname;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const here = zone.byName.get(name) ?? [];
    const cname = here.find((r) => r.type === 'CNAME');
    if (cname && qtype !== 'CNAME' && qtype !== 'ANY') {
      answers.push(toAnswer(cname));
      const target = cname.value;
      if (!(target === zone.apex || target.endsWith(`.${zone.apex}`))) return positive(answers);
      name = target;
      continue;
    }
    const matching = synthesize(zone, name, qtype, here);
    if (matching.length) return positive([...answers, ...matching]);
    const exists = zone.existingNames.has(name);
    // After a CNAME the rcode speaks of the last name in the chain (RFC 6604 §2).
    return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', authoritative: true, answers, authorities: [soaOf(zone)] };
  }
  // A CNAME loop inside the zone: RFC 1034 leaves it to the server; SERVFAIL says "broken".
  return { rcode: 'SERVFAIL', authoritative: true, answers: [], authorities: [] };
}

function positive(answers: AnswerRecord[]): Answer {
  return { rcode: 'NOERROR', authoritative: true, answers, authorities: [] };
}

function synthesize(zone: ZoneView, name: string, qtype: string, here: ZoneRecord[]): AnswerRecord[] {
  const out: AnswerRecord[] = [];
  const atApex = name === zone.apex;
  if (atApex && (qtype === 'SOA' || qtype === 'ANY')) out.push({ ...soaOf(zone), ttl: 3600 });
  const stored = here
    .filter((r) => qtype === 'ANY' || r.type === qtype)
    .sort(byPriority)
    .map(toAnswer);
  out.push(...stored);
  // A zone always has a name server; the mock's own unless NS records were stored.
  if (atApex && (qtype === 'NS' || qtype === 'ANY') && !here.some((r) => r.type === 'NS')) {
    out.push({ name, type: 'NS', ttl: 3600, ns: MOCK_NAME_SERVER });
  }
  return out;
}

function byPriority(a: ZoneRecord, b: ZoneRecord): number {
  return (a.priority ?? 0) - (b.priority ?? 0) || a.value.localeCompare(b.value);
}

export function toAnswer(r: ZoneRecord): AnswerRecord {
  const base = { name: r.name, ttl: r.ttlSeconds };
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return { ...base, type: r.type, address: r.value };
    case 'CNAME':
      return { ...base, type: 'CNAME', domain: r.value };
    case 'NS':
      return { ...base, type: 'NS', ns: r.value };
    case 'MX':
      return { ...base, type: 'MX', exchange: r.value, priority: r.priority ?? 0 };
    case 'TXT':
      return { ...base, type: 'TXT', strings: splitTxt(r.value) };
  }
}

/** Splits a TXT value into character-strings of at most 255 octets, never inside a character. */
export function splitTxt(value: string): string[] {
  const chunks: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of value) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > TXT_CHUNK_OCTETS) {
      chunks.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  chunks.push(current);
  return chunks;
}

/** The zone (longest apex) that holds `qname`, among candidate apexes. */
export function candidateApexes(qname: string): string[] {
  const labels = qname.split('.');
  return labels.map((_, i) => labels.slice(i).join('.')).filter((n) => n.length > 0);
}
