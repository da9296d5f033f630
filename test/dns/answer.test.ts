import { describe, expect, it } from 'vitest';
import { answerQuestion, splitTxt, type ZoneView } from '../../src/dns/answer.js';

const zone: ZoneView = {
  apex: 'example.jp',
  serial: 7,
  records: [
    { name: 'example.jp', type: 'MX', ttlSeconds: 300, value: 'mx2.example.jp', priority: 20 },
    { name: 'example.jp', type: 'MX', ttlSeconds: 300, value: 'mx1.example.jp', priority: 10 },
    { name: 'mx1.example.jp', type: 'A', ttlSeconds: 300, value: '192.0.2.1', priority: null },
    { name: 'www.example.jp', type: 'CNAME', ttlSeconds: 300, value: 'mx1.example.jp', priority: null },
    { name: 'dangling.example.jp', type: 'CNAME', ttlSeconds: 300, value: 'gone.example.jp', priority: null },
    { name: 'out.example.jp', type: 'CNAME', ttlSeconds: 300, value: 'host.example.org', priority: null },
    { name: 'loop1.example.jp', type: 'CNAME', ttlSeconds: 300, value: 'loop2.example.jp', priority: null },
    { name: 'loop2.example.jp', type: 'CNAME', ttlSeconds: 300, value: 'loop1.example.jp', priority: null },
    { name: 'x.deep.example.jp', type: 'A', ttlSeconds: 300, value: '192.0.2.2', priority: null },
  ],
};

describe('answerQuestion', () => {
  it('refuses a name outside every zone', () => {
    expect(answerQuestion('example.org', 'A', null).rcode).toBe('REFUSED');
  });

  it('orders MX answers by preference', () => {
    const a = answerQuestion('example.jp', 'MX', zone);
    expect(a.rcode).toBe('NOERROR');
    expect(a.authoritative).toBe(true);
    expect(a.answers.map((r) => (r.type === 'MX' ? r.priority : -1))).toEqual([10, 20]);
  });

  it('gives NXDOMAIN and NODATA each with the SOA for negative caching', () => {
    const nx = answerQuestion('missing.example.jp', 'A', zone);
    expect(nx).toMatchObject({ rcode: 'NXDOMAIN', answers: [] });
    expect(nx.authorities[0]).toMatchObject({ type: 'SOA', name: 'example.jp', serial: 7, minimum: 60 });
    const nodata = answerQuestion('mx1.example.jp', 'TXT', zone);
    expect(nodata).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(nodata.authorities[0]?.type).toBe('SOA');
    expect(answerQuestion('deep.example.jp', 'A', zone)).toMatchObject({ rcode: 'NOERROR', answers: [] });
  });

  it('chases a CNAME inside the zone and reports a dangling target as NXDOMAIN', () => {
    expect(answerQuestion('www.example.jp', 'A', zone).answers.map((r) => r.type)).toEqual(['CNAME', 'A']);
    const d = answerQuestion('dangling.example.jp', 'A', zone);
    expect(d.rcode).toBe('NXDOMAIN');
    expect(d.answers.map((r) => r.type)).toEqual(['CNAME']);
    expect(answerQuestion('out.example.jp', 'A', zone)).toMatchObject({ rcode: 'NOERROR', answers: [{ type: 'CNAME' }] });
    expect(answerQuestion('loop1.example.jp', 'A', zone).rcode).toBe('SERVFAIL');
    expect(answerQuestion('www.example.jp', 'CNAME', zone).answers).toHaveLength(1);
  });

  it('always has SOA and NS at the apex', () => {
    expect(answerQuestion('example.jp', 'SOA', zone).answers[0]).toMatchObject({ type: 'SOA', primary: 'ns1.rehearsal.invalid' });
    expect(answerQuestion('example.jp', 'NS', zone).answers[0]).toMatchObject({ type: 'NS', ns: 'ns1.rehearsal.invalid' });
  });
});

describe('splitTxt', () => {
  it('keeps short values whole and cuts long ones at 255 bytes, never inside a character', () => {
    expect(splitTxt('short')).toEqual(['short']);
    const ascii = 'a'.repeat(600);
    expect(splitTxt(ascii).map((s) => s.length)).toEqual([255, 255, 90]);
    const japanese = 'あ'.repeat(100); // 3 bytes each: 85 per string
    const parts = splitTxt(japanese);
    expect(parts.map((p) => Buffer.byteLength(p))).toEqual([255, 45]);
    expect(parts.join('')).toBe(japanese);
  });
});
