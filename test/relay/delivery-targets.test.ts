import { describe, expect, it } from 'vitest';
import { deliveryTargets, parseTargetKey, routeCovers, targetKey } from '../../src/relay/delivery-targets.js';

/** A fixed sequence standing in for Math.random. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('deliveryTargets', () => {
  // The documented example (docs/cegp/domains-and-dns.md, "Inbound routing semantics").
  const servers = [
    { recipient: '*', host: '1.2.3.4', port: 25, preference: 10 },
    { recipient: 'recipient1@test.com', host: '1.2.3.5', port: 25, preference: 11 },
    { recipient: 'recipient2@test.com', host: '1.2.3.6', port: 25, preference: 9 },
  ];

  it("follows CEGP's example: an exact entry adds a candidate, it does not override the wildcard", () => {
    expect(deliveryTargets('recipient1@test.com', servers, Math.random).map((t) => t.host)).toEqual(['1.2.3.4', '1.2.3.5']);
    expect(deliveryTargets('recipient2@test.com', servers, Math.random).map((t) => t.host)).toEqual(['1.2.3.6', '1.2.3.4']);
    expect(deliveryTargets('someone@test.com', servers, Math.random).map((t) => t.host)).toEqual(['1.2.3.4']);
  });

  it('matches *@domain on the domain only, addresses case-insensitively', () => {
    const list = [
      { recipient: '*@test.com', host: 'a.test.com', port: 25, preference: 10 },
      { recipient: 'Boss@Test.com', host: 'b.test.com', port: 2525, preference: 5 },
    ];
    expect(deliveryTargets('BOSS@test.COM', list, Math.random)).toEqual([
      { host: 'b.test.com', port: 2525 },
      { host: 'a.test.com', port: 25 },
    ]);
    // A subdomain's recipient is covered by "*" only.
    expect(deliveryTargets('x@sub.test.com', list, Math.random)).toEqual([]);
    expect(routeCovers('*@test.com', 'x@sub.test.com')).toBe(false);
  });

  it('shuffles servers of equal preference, keeping preference order between groups', () => {
    const list = ['a', 'b', 'c'].map((h) => ({ recipient: '*', host: `${h}.test.com`, port: 25, preference: 10 }));
    list.push({ recipient: '*', host: 'backup.test.com', port: 25, preference: 20 });
    const orders = new Set<string>();
    for (const r of [0, 0.4, 0.99]) {
      const hosts = deliveryTargets('x@test.com', list, sequence(r, 0.5)).map((t) => t.host);
      expect(hosts.at(-1)).toBe('backup.test.com');
      expect(hosts.slice(0, 3).sort()).toEqual(['a.test.com', 'b.test.com', 'c.test.com']);
      orders.add(hosts.join(','));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('tries a server listed for both "*" and the address once, at its best preference', () => {
    const list = [
      { recipient: '*', host: 'mx.test.com', port: 25, preference: 20 },
      { recipient: 'a@test.com', host: 'mx.test.com', port: 25, preference: 10 },
      { recipient: '*', host: 'other.test.com', port: 25, preference: 15 },
    ];
    expect(deliveryTargets('a@test.com', list, Math.random).map((t) => t.host)).toEqual(['mx.test.com', 'other.test.com']);
  });
});

describe('targetKey / parseTargetKey', () => {
  it('writes and reads host:port, IPv6 in brackets', () => {
    for (const t of [
      { host: '10.0.0.5', port: 2525 },
      { host: '::1', port: 25 },
      { host: 'mx.example.com', port: 25 },
    ])
      expect(parseTargetKey(targetKey(t))).toEqual(t);
    expect(targetKey({ host: '::1', port: 25 })).toBe('[::1]:25');
    for (const bad of ['mx.example.com', 'x:0', 'x:70000', '::1:25', '']) expect(parseTargetKey(bad)).toBeNull();
  });
});
