import { describe, expect, it } from 'vitest';
import { hostAllowed, normalizeHost, normalizeOrigin, originAllowed } from '../../src/app/host-origin.js';

describe('Host and Origin checks', () => {
  const allowed = ['127.0.0.1', 'localhost', '[::1]'];

  it('ignores the port, case and a trailing dot of the Host header', () => {
    for (const h of ['localhost', 'localhost:4000', 'LocalHost.:80', '127.0.0.1:1', '[::1]:4000', '[0:0:0:0:0:0:0:1]'])
      expect(hostAllowed(allowed, h), h).toBe(true);
  });

  it('refuses other names, look-alikes and malformed values', () => {
    for (const h of [
      undefined,
      '',
      'evil.example',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      'user@localhost',
      'localhost/x',
      'local host',
      '[::2]',
    ]) {
      expect(hostAllowed(allowed, h), String(h)).toBe(false);
    }
    expect(hostAllowed(['*'], 'anything.example')).toBe(true);
    // An address in another notation is that address, as a browser reads it (WHATWG URL).
    expect(hostAllowed(allowed, '2130706433:4000')).toBe(true);
  });

  it('normalizes configured names and origins, or says they are none', () => {
    expect(normalizeHost('Rehearsal.Example.COM.')).toBe('rehearsal.example.com');
    expect(normalizeHost('::1')).toBe('[::1]');
    expect(normalizeHost('bad host')).toBeNull();
    expect(normalizeOrigin('https://Admin.Example.com:443/')).toBe('https://admin.example.com');
    for (const o of ['*', 'null', 'admin.example.com', 'https://admin.example.com/app', 'ftp://x.example', 'https://u:p@x.example'])
      expect(normalizeOrigin(o), o).toBeNull();
  });

  it("allows the server's own pages and CORS_ORIGINS, nothing else", () => {
    const cors = ['https://admin.example.com'];
    expect(originAllowed(cors, 'http://127.0.0.1:4000', '127.0.0.1:4000')).toBe(true);
    expect(originAllowed(cors, 'https://rehearsal.example.com', 'rehearsal.example.com')).toBe(true);
    expect(originAllowed(cors, 'http://localhost', 'localhost:80')).toBe(true);
    expect(originAllowed(cors, 'https://admin.example.com', '127.0.0.1:4000')).toBe(true);
    expect(originAllowed(cors, 'http://127.0.0.1:4001', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed(cors, 'http://evil.example', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed(cors, 'null', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed(cors, 'http://127.0.0.1:4000', undefined)).toBe(false);
    expect(originAllowed(cors, 'file://', '127.0.0.1:4000')).toBe(false);
  });
});
