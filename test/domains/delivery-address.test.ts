import { describe, expect, it } from 'vitest';
import { canonicalAddress, refusedDeliveryReason } from '../../src/domains/delivery-address.js';

describe('refusedDeliveryReason', () => {
  it.each([
    ['169.254.169.254', '169.254.0.0/16'],
    ['169.254.0.1', '169.254.0.0/16'],
    ['::ffff:169.254.169.254', '169.254.0.0/16'],
    ['::FFFF:A9FE:A9FE', '169.254.0.0/16'],
    ['64:ff9b::169.254.169.254', '169.254.0.0/16'],
    ['fe80::1', 'fe80::/10'],
    ['febf:ffff::1', 'fe80::/10'],
    ['fd00:ec2::254', 'fd00:ec2::254/128'],
    ['0.0.0.0', '0.0.0.0/8'],
    ['::ffff:0.0.0.0', '0.0.0.0/8'],
    ['::', '::/128'],
    ['224.0.0.1', '224.0.0.0/4'],
    ['ff02::1', 'ff00::/8'],
    ['255.255.255.255', '240.0.0.0/4'],
  ])('refuses %s (%s)', (host, range) => {
    const r = refusedDeliveryReason(host);
    expect(r?.en).toContain(range);
    expect(r?.ja).toContain(range);
  });

  it('refuses zone indexes and metadata host names', () => {
    expect(refusedDeliveryReason('fe80::1%eth0')?.en).toMatch(/zone index/);
    expect(refusedDeliveryReason('metadata.google.internal')?.en).toMatch(/metadata/);
  });

  it.each(['192.0.2.1', '10.0.0.25', '127.0.0.1', '::1', '2001:db8::25', 'fd12::25', '::ffff:10.0.0.1', '169.255.0.1', 'mail.example.com'])(
    'allows %s',
    (host) => {
      expect(refusedDeliveryReason(host)).toBeNull();
    },
  );
});

describe('canonicalAddress', () => {
  it('writes one IPv6 address one way', () => {
    expect(canonicalAddress('2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(canonicalAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(canonicalAddress('Mail.Example.com')).toBe('mail.example.com');
  });
});
