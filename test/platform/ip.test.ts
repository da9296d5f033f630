// ipFamily answers as node:net isIP does (pure code may not import node:net), and
// inSubnet matches CIDR ranges of both families.
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { inSubnet, ipFamily } from '../../src/platform/ip.js';

const CORPUS = [
  '1.2.3.4',
  '0.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  '127.1',
  '0x7f.0.0.1',
  ' 1.2.3.4',
  '1.2.3.4 ',
  '::',
  '::1',
  '2001:db8::1',
  '2001:DB8:0::1',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1::2::3',
  'fe80::1%eth0',
  'fe80::1%',
  '::ffff:1.2.3.4',
  '::ffff:1.2.3.256',
  '64:ff9b::1.2.3.4',
  'ffff::',
  '[::1]',
  '1.2.3.4/24',
  'example.co.jp',
  'mail.example.com',
  'a:b',
  'abc',
  '',
  ':',
  'g::1',
];

describe('ipFamily', () => {
  it.each(CORPUS)('agrees with node:net isIP on %j', (text) => {
    expect(ipFamily(text)).toBe(isIP(text));
  });
});

describe('inSubnet', () => {
  it('matches addresses inside a range of their family only', () => {
    expect(inSubnet('169.254.169.254', '169.254.0.0', 16)).toBe(true);
    expect(inSubnet('169.255.0.1', '169.254.0.0', 16)).toBe(false);
    expect(inSubnet('fe80::1%eth0', 'fe80::', 10)).toBe(true);
    expect(inSubnet('fd00:ec2::254', 'fd00:ec2::254', 128)).toBe(true);
    expect(inSubnet('10.0.0.1', 'fe80::', 10)).toBe(false);
    expect(inSubnet('not-an-ip', '10.0.0.0', 8)).toBe(false);
  });
});
