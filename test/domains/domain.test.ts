import { describe, expect, it } from 'vitest';
import { configurationIssuesOf, judgeMx, judgeTxt, newVerificationToken, statusAfter } from '../../src/domains/domain.js';

describe('verification judgement', () => {
  const token = 'abc234';
  it('finds the token among other TXT records, joining split strings', () => {
    const v = judgeTxt({ kind: 'answer', records: [['v=spf1 -all'], ['tmes=', 'abc234']] }, token);
    expect(v).toEqual({ method: 'TXT', result: 'VERIFIED', expected: 'tmes=abc234', answer: ['v=spf1 -all', 'tmes=abc234'] });
  });

  it('calls another token a mismatch and no token not found', () => {
    expect(judgeTxt({ kind: 'answer', records: [['tmes=zzz']] }, token).result).toBe('MISMATCH');
    expect(judgeTxt({ kind: 'answer', records: [['v=spf1 -all']] }, token).result).toBe('NOT_FOUND');
    expect(judgeTxt({ kind: 'nxdomain' }, token)).toMatchObject({ result: 'NOT_FOUND', answer: ['NXDOMAIN'] });
    expect(judgeTxt({ kind: 'error', code: 'ETIMEOUT' }, token)).toMatchObject({ result: 'RESOLVER_ERROR', answer: ['ETIMEOUT'] });
  });

  it("verifies by MX when one exchange is the tenant's CEGP host (trailing dot, any case)", () => {
    const host = 'acme.in.tmems-jp.trendmicro.com';
    const v = judgeMx(
      {
        kind: 'answer',
        records: [
          { exchange: 'mail.example.com', priority: 10 },
          { exchange: 'ACME.in.tmems-jp.trendmicro.com.', priority: 32767 },
        ],
      },
      host,
    );
    expect(v.result).toBe('VERIFIED');
    expect(judgeMx({ kind: 'answer', records: [{ exchange: 'mail.example.com', priority: 10 }] }, host).result).toBe('MISMATCH');
  });

  it('completes on a verified check and stays completed', () => {
    const verified = judgeTxt({ kind: 'answer', records: [['tmes=abc234']] }, token);
    const missing = judgeTxt({ kind: 'nodata' }, token);
    expect(statusAfter('CONFIGURATION_REQUIRED', [missing])).toBe('CONFIGURATION_REQUIRED');
    expect(statusAfter('CONFIGURATION_REQUIRED', [missing, verified])).toBe('COMPLETED');
    expect(statusAfter('COMPLETED', [missing])).toBe('COMPLETED');
  });

  it('makes opaque tokens that differ', () => {
    const a = newVerificationToken();
    expect(a).toMatch(/^[a-z2-7]{32}$/);
    expect(newVerificationToken()).not.toBe(a);
  });
});

describe('configuration issues', () => {
  it('lists what is missing', () => {
    expect(
      configurationIssuesOf({
        status: 'CONFIGURATION_REQUIRED',
        inboundServerCount: 0,
        outboundProtection: true,
        outboundServerType: 'NONE',
        outboundServerCount: 0,
      }),
    ).toEqual(['DOMAIN_NOT_VERIFIED', 'NO_INBOUND_SERVERS', 'OUTBOUND_PROTECTION_WITHOUT_SERVERS']);
    expect(
      configurationIssuesOf({
        status: 'COMPLETED',
        inboundServerCount: 1,
        outboundProtection: true,
        outboundServerType: 'MICROSOFT_365',
        outboundServerCount: 0,
      }),
    ).toEqual([]);
  });
});
