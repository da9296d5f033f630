// Adding a domain that DNS cannot vouch for is refused in the reader's language: the
// resolver and what it answered (DOMAIN_MX_MISSING) or why it did not (DOMAIN_DNS_UNAVAILABLE)
// are Japanese inside a Japanese message. Real sockets: the app's mock DNS, and a resolver
// on loopback that answers SERVFAIL to everything.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DNS_ERROR_TEXTS, DOMAIN_DETAILS, dnsErrorDetail, resolverName } from '../../src/domains/errors.js';
import type { MessageTemplate } from '../../src/platform/errors.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADD_DOMAIN } from '../support/graphql-documents.js';
import { latinWords } from '../support/latin-words.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const JA = { 'accept-language': 'ja' };

describe('domain message details', () => {
  const entries: [string, MessageTemplate][] = [...Object.entries(DOMAIN_DETAILS), ...Object.entries(DNS_ERROR_TEXTS)];
  it.each(entries)('%s is in both languages without English in Japanese', (_, t) => {
    expect(t.en.trim()).not.toBe('');
    expect(latinWords(t.ja)).toEqual([]);
  });

  it('names a resolver by its address or as the system one, and an unknown error by its code', () => {
    expect(resolverName('127.0.0.1:53')).toEqual({ en: 'the DNS resolver 127.0.0.1:53', ja: 'DNS リゾルバー 127.0.0.1:53' });
    expect(resolverName(null).ja).toBe('システムの DNS リゾルバー');
    expect(dnsErrorDetail('ENOMEM')).toEqual({ en: 'ENOMEM', ja: 'ENOMEM' });
  });
});

/** A DNS server that answers SERVFAIL to every query: a resolver that is there but broken. */
async function servfailServer(): Promise<{ port: number; close(): Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, peer) => {
    const q = dnsPacket.decode(msg);
    const answer = dnsPacket.encode({
      type: 'response',
      id: q.id,
      // RCODE 2 (SERVFAIL) sits in the low bits of the flags (RFC 1035 §4.1.1).
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | 2,
      questions: q.questions,
    });
    socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: (socket.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

describeEachDatabase('addDomain refusals in the reader language', (kind) => {
  let t: TestApp;
  let broken: TestApp;
  let servfail: Awaited<ReturnType<typeof servfailServer>>;
  beforeAll(async () => {
    servfail = await servfailServer();
    t = await startTestApp(kind);
    broken = await startTestApp(kind, { DNS_RESOLVER: `127.0.0.1:${servfail.port}` });
  });
  afterAll(async () => {
    await t?.close();
    await broken?.close();
    await servfail?.close();
  });

  it('DOMAIN_MX_MISSING names the resolver and its answer in Japanese', async () => {
    const ja = (await t.gql(ADD_DOMAIN, { input: { name: 'no-mx.example' } }, JA)).data.addDomain.userErrors[0];
    const en = (await t.gql(ADD_DOMAIN, { input: { name: 'no-mx.example' } })).data.addDomain.userErrors[0];
    expect(ja.code).toBe('DOMAIN_MX_MISSING');
    expect(ja.message).toMatch(/\(DNS リゾルバー 127\.0\.0\.1:\d+ の応答: (NXDOMAIN|NODATA|REFUSED)\)/);
    // The GraphQL example after 例: is code (latinWords knows it only in template form).
    const [sentences, example] = ja.message.split('例: ');
    expect(example).toMatch(/^mutation \{ setDnsRecord/);
    expect(latinWords(sentences!, ['no-mx.example'])).toEqual([]);
    expect(en.message).toMatch(/\((NXDOMAIN|NODATA|REFUSED) from the DNS resolver 127\.0\.0\.1:\d+\)/);
  });

  it('DOMAIN_DNS_UNAVAILABLE says what went wrong in Japanese', async () => {
    const ja = (await broken.gql(ADD_DOMAIN, { input: { name: 'broken.example' } }, JA)).data.addDomain.userErrors[0];
    const en = (await broken.gql(ADD_DOMAIN, { input: { name: 'broken.example' } })).data.addDomain.userErrors[0];
    expect(ja.code).toBe('DOMAIN_DNS_UNAVAILABLE');
    expect(ja.message).toContain(`DNS リゾルバー 127.0.0.1:${servfail.port} から broken.example の応答がありません`);
    expect(ja.message).toContain('ESERVFAIL: サーバーが応答できませんでした');
    expect(latinWords(ja.message, ['broken.example'])).toEqual([]);
    expect(en.message).toContain(`No answer came from the DNS resolver 127.0.0.1:${servfail.port} for broken.example`);
    expect(en.message).toContain('ESERVFAIL: the server failed to answer');
  });
});
