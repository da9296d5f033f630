// The mock DNS on real UDP and TCP sockets, asked by Node's resolver and by dig.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SET_RECORD } from '../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const hasDig = (() => {
  try {
    execFileSync('dig', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('mock DNS server', () => {
  let t: TestApp;
  const long = `v=DKIM1; k=rsa; p=${'A'.repeat(300)}QAB`;
  const resolver = () => {
    const r = new Resolver();
    r.setServers([`127.0.0.1:${t.dnsPort}`]);
    return r;
  };
  const set = async (input: Record<string, unknown>) => {
    const r = await t.gql(SET_RECORD, { input });
    expect(r.data.setDnsRecord.userErrors).toEqual([]);
    return r.data.setDnsRecord.record;
  };
  // Asynchronous: the server answers from this very process, so a blocking call would deadlock.
  const dig = async (...args: string[]) =>
    (await promisify(execFile)('dig', ['@127.0.0.1', '-p', String(t.dnsPort), '+time=2', '+tries=1', ...args], { encoding: 'utf8' }))
      .stdout;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { COMPANY_ID: 'acme' });
    await set({ name: 'zone.example', type: 'MX', priority: 10, value: 'mail.zone.example' });
    await set({ name: 'mail.zone.example', type: 'A', value: '192.0.2.10' });
    await set({ name: 'mail.zone.example', type: 'AAAA', value: '2001:DB8::10' });
    await set({ name: 'www.zone.example', type: 'CNAME', value: 'mail.zone.example' });
    await set({ name: 'selector._domainkey.zone.example', type: 'TXT', value: long });
    await set({ name: 'a.b.zone.example', type: 'A', value: '192.0.2.11' });
    // Enough TXT records to overflow a 512-byte UDP answer.
    for (let i = 0; i < 12; i++) await set({ name: 'big.zone.example', type: 'TXT', value: `record-${i}-${'x'.repeat(60)}` });
  });
  afterAll(async () => t?.close());

  it('answers MX, A, AAAA and follows a CNAME', async () => {
    expect(await resolver().resolveMx('zone.example')).toEqual([{ exchange: 'mail.zone.example', priority: 10 }]);
    expect(await resolver().resolve4('mail.zone.example')).toEqual(['192.0.2.10']);
    expect(await resolver().resolve6('mail.zone.example')).toEqual(['2001:db8::10']);
    expect(await resolver().resolve4('www.zone.example')).toEqual(['192.0.2.10']);
  });

  it('splits a TXT value over 255 bytes into strings, which join back to the value', async () => {
    const [record] = await resolver().resolveTxt('selector._domainkey.zone.example');
    expect(record!.length).toBe(2);
    expect(record![0]!.length).toBe(255);
    expect(record!.join('')).toBe(long);
  });

  it('tells NXDOMAIN from NODATA and from an empty non-terminal', async () => {
    await expect(resolver().resolve4('nothing.zone.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver().resolveTxt('mail.zone.example')).rejects.toMatchObject({ code: 'ENODATA' });
    await expect(resolver().resolve4('b.zone.example')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('refuses names outside its zones', async () => {
    await expect(resolver().resolve4('example.org')).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it("answers the tenant's CEGP host names with the relay address", async () => {
    expect(await resolver().resolve4('acme.in.tmems-jp.trendmicro.com')).toEqual(['127.0.0.1']);
    expect(await resolver().resolve4('acme.relay.tmems-jp.trendmicro.com')).toEqual(['127.0.0.1']);
    await expect(resolver().resolve4('someoneelse.in.tmems-jp.trendmicro.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    // The tenant is in JP: its cid is unknown under another region's host.
    await expect(resolver().resolve4('acme.in.tmes.trendmicro.eu')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    const [spf] = await resolver().resolveTxt('spf.tmems-jp.trendmicro.com');
    expect(spf!.join('')).toMatch(/^v=spf1 ip4:18\.176\.203\.128\/26 /);
  });

  it('falls back to TCP when the UDP answer is truncated', async () => {
    const txt = await resolver().resolveTxt('big.zone.example');
    expect(txt).toHaveLength(12);
  });

  it('publishes a change at once and withdraws a deleted record', async () => {
    const rec = await set({ name: 'new.zone.example', type: 'A', value: '192.0.2.99' });
    expect(await resolver().resolve4('new.zone.example')).toEqual(['192.0.2.99']);
    const del = await t.gql(`mutation($id: ID!) { deleteDnsRecord(id: $id) { deletedId userErrors { code } } }`, { id: rec.id });
    expect(del.data.deleteDnsRecord.deletedId).toBe(rec.id);
    await expect(resolver().resolve4('new.zone.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  describe.skipIf(!hasDig)('seen with dig', () => {
    it('puts the SOA in the authority section of NXDOMAIN and NODATA answers', async () => {
      const nx = await dig('nothing.zone.example', 'A');
      expect(nx).toMatch(/status: NXDOMAIN/);
      expect(nx).toMatch(/flags: qr aa/);
      expect(nx).toMatch(/AUTHORITY SECTION:\nzone\.example\.\s+60\s+IN\s+SOA\s+ns1\.rehearsal\.invalid\./);
      const nodata = await dig('mail.zone.example', 'TXT');
      expect(nodata).toMatch(/status: NOERROR/);
      expect(nodata).toMatch(/ANSWER: 0, AUTHORITY: 1/);
    });

    it('answers SOA and NS at the apex, over UDP and TCP', async () => {
      expect(await dig('+short', 'zone.example', 'SOA')).toMatch(
        /^ns1\.rehearsal\.invalid\. hostmaster\.rehearsal\.invalid\. \d+ 3600 600 604800 60/,
      );
      expect((await dig('+short', 'zone.example', 'NS')).trim()).toBe('ns1.rehearsal.invalid.');
      expect((await dig('+tcp', '+short', 'zone.example', 'MX')).trim()).toBe('10 mail.zone.example.');
    });

    it('sets TC over UDP without EDNS, and dig retries over TCP', async () => {
      const udp = await dig('+noedns', '+ignore', 'big.zone.example', 'TXT');
      expect(udp).toMatch(/flags: qr tc aa|flags: qr aa tc/);
      const retried = await dig('+noedns', 'big.zone.example', 'TXT');
      expect(retried).toMatch(/ANSWER: 12/);
    });

    it('shows a long TXT as several quoted strings', async () => {
      const out = await dig('+short', 'selector._domainkey.zone.example', 'TXT');
      expect(out.trim().split('" "')).toHaveLength(2);
    });
  });
});
