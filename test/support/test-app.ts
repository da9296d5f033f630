// A real app on loopback with port 0: real database, real DNS and HTTP sockets.
import { createApp, type App } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { createTestDatabase, type TestDatabase, type TestDbKind } from './databases.js';

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  db: TestDatabase;
  url: string;
  dnsPort: number;
  /** The relay's SMTP listener. */
  smtpPort: number;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** Stops the app but keeps the database (for restart tests). */
  stop(): Promise<void>;
  /** Starts a new app on the same database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `database`: share another test app's database (a second instance); it is then not
 * dropped by this app's close().
 */
export async function startTestApp(
  kind: TestDbKind,
  env: Record<string, string> = {},
  opts: { clock?: Clock; database?: TestDatabase } = {},
): Promise<TestApp> {
  const db = opts.database ?? (await createTestDatabase(kind));
  const make = async () => {
    const config = loadConfig({
      HTTP_PORT: '0',
      DNS_PORT: '0',
      SMTP_PORT: '0',
      CAPTURE_SMTP_PORT: '0',
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.url,
      VERIFY_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'silent',
      ...env,
    });
    const app = await createApp(config, { log: createLogger({ level: 'silent', format: 'json' }), clock: opts.clock });
    await app.start();
    return app;
  };
  let app = await make();
  const t: TestApp = {
    db,
    get app() {
      return app;
    },
    get url() {
      return app.addresses().http.url;
    },
    get dnsPort() {
      return app.addresses().dns.port;
    },
    get smtpPort() {
      return app.addresses().smtp.port;
    },
    async gql(query, variables = {}, headers = {}) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data: any; errors?: GqlResult['errors'] };
      return { status: res.status, data: body.data, errors: body.errors };
    },
    stop: () => app.stop(),
    async restart() {
      app = await make();
    },
    async close() {
      await app.stop().catch(() => undefined);
      if (!opts.database) await db.drop();
    },
  };
  return t;
}
