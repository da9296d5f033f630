import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults: loopback, an SQLite file in ./data, the mock resolver', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ httpPort: 4000, dnsPort: 5353, smtpPort: 2525, host: '127.0.0.1', tenantRegion: 'JP', companyId: 'rehearsal', verifyIntervalSeconds: 900 });
    expect(c.database.kind).toBe('sqlite');
    expect(c.database.url).toMatch(/data\/cegp-rehearsal\.db$/);
    expect(c.dnsResolver).toEqual({ kind: 'mock' });
  });

  it('selects PostgreSQL and another resolver when told', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', DNS_RESOLVER: '127.0.0.1:53' });
    expect(c.database.kind).toBe('postgresql');
    expect(c.dnsResolver).toEqual({ kind: 'server', host: '127.0.0.1', port: 53 });
    expect(loadConfig({ DNS_RESOLVER: 'system' }).dnsResolver).toEqual({ kind: 'system' });
  });

  it('lists every bad value, each naming its variable', () => {
    try {
      loadConfig({ HTTP_PORT: 'eighty', DNS_PORT: '70000', HOST: 'my laptop', DNS_RESOLVER: 'nowhere', TENANT_REGION: 'MARS', COMPANY_ID: 'Bad_Id', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      for (const v of ['HTTP_PORT', 'DNS_PORT', 'HOST', 'DNS_RESOLVER', 'TENANT_REGION', 'COMPANY_ID', 'DATABASE_URL']) {
        expect(problems.some((p) => p.includes(v))).toBe(true);
      }
      expect(problems).toHaveLength(7);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ HTTP_PORT: '', COMPANY_ID: '' }).httpPort).toBe(4000);
  });
});
