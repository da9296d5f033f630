import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults: loopback, an SQLite file in ./data, the mock resolver', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      httpPort: 4000,
      dnsPort: 5353,
      smtpPort: 2525,
      host: '127.0.0.1',
      tenantRegion: 'JP',
      companyId: 'rehearsal',
      verifyIntervalSeconds: 900,
    });
    expect(c.database.kind).toBe('sqlite');
    expect(c.database.url).toMatch(/data\/cegp-rehearsal\.db$/);
    expect(c.dnsResolver).toEqual({ kind: 'mock' });
    // The relay: capture mailbox beside SMTP_PORT, retries from a minute, CEGP's 10-day queue.
    expect(c.relay).toEqual({ captureSmtpPort: 2526, retryBaseSeconds: 60, queueLifetimeHours: 240, spoolFsync: true, workers: 1 });
  });

  it('reads the relay keys and refuses a retry base or queue lifetime out of range', () => {
    const c = loadConfig({ CAPTURE_SMTP_PORT: '0', RELAY_RETRY_BASE_SECONDS: '5', RELAY_QUEUE_LIFETIME_HOURS: '1' });
    expect(c.relay).toEqual({ captureSmtpPort: 0, retryBaseSeconds: 5, queueLifetimeHours: 1, spoolFsync: true, workers: 1 });
    expect(() => loadConfig({ RELAY_RETRY_BASE_SECONDS: '0', RELAY_QUEUE_LIFETIME_HOURS: '721' })).toThrow(
      /RELAY_RETRY_BASE_SECONDS must be between 1 and 3600[\s\S]*RELAY_QUEUE_LIFETIME_HOURS must be between 1 and 720/,
    );
  });

  it('selects PostgreSQL and another resolver when told', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', DNS_RESOLVER: '127.0.0.1:53' });
    expect(c.database.kind).toBe('postgresql');
    expect(c.dnsResolver).toEqual({ kind: 'server', host: '127.0.0.1', port: 53 });
    expect(loadConfig({ DNS_RESOLVER: 'system' }).dnsResolver).toEqual({ kind: 'system' });
  });

  it('reads RELAY_WORKERS, 0 meaning accept only (messages wait unprocessed)', () => {
    expect(loadConfig({}).relay.workers).toBe(1);
    expect(loadConfig({ RELAY_WORKERS: '0' }).relay.workers).toBe(0);
    expect(loadConfig({ RELAY_WORKERS: '4' }).relay.workers).toBe(4);
    expect(() => loadConfig({ RELAY_WORKERS: '-1' })).toThrow(/RELAY_WORKERS must be 0 \(accept only\) or more/);
  });

  it('lists every bad value, each naming its variable', () => {
    try {
      loadConfig({
        HTTP_PORT: 'eighty',
        DNS_PORT: '70000',
        HOST: 'my laptop',
        DNS_RESOLVER: 'nowhere',
        TENANT_REGION: 'MARS',
        COMPANY_ID: 'Bad_Id',
        DATABASE_URL: 'mysql://x',
      });
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

  it('answers for HOST and loopback names by default, and reads CORS_ORIGINS, ALLOWED_HOSTS and NODE_ENV', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ allowedHosts: ['127.0.0.1', 'localhost'], corsOrigins: [], nodeEnv: 'production' });
    expect(loadConfig({ HOST: '::1' }).allowedHosts).toEqual(['[::1]', 'localhost', '127.0.0.1']);
    const set = loadConfig({
      ALLOWED_HOSTS: 'Rehearsal.Example.com., 192.0.2.10, ::1',
      CORS_ORIGINS: 'https://Admin.Example.com/, http://localhost:3000',
      NODE_ENV: 'development',
    });
    expect(set).toMatchObject({
      allowedHosts: ['rehearsal.example.com', '192.0.2.10', '[::1]'],
      corsOrigins: ['https://admin.example.com', 'http://localhost:3000'],
      nodeEnv: 'development',
    });
  });

  it('names each bad origin or host name', () => {
    try {
      loadConfig({
        CORS_ORIGINS: '*, https://admin.example.com/path',
        ALLOWED_HOSTS: 'rehearsal.example.com:4000, bad host',
        NODE_ENV: 'staging',
      });
      expect.unreachable();
    } catch (err) {
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(5);
      expect(problems.filter((p) => p.startsWith('CORS_ORIGINS: '))).toHaveLength(2);
      expect(problems.filter((p) => p.startsWith('ALLOWED_HOSTS: '))).toHaveLength(2);
      expect(problems).toContain('NODE_ENV must be one of production, development, test');
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ HTTP_PORT: '', COMPANY_ID: '' }).httpPort).toBe(4000);
  });
});
