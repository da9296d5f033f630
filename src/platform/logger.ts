// One pino logger; a child per component from a closed list, so every line says where it
// came from. JSON in production and CI, a readable form on a terminal.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type Component = 'app' | 'http' | 'graphql' | 'dns' | 'db' | 'verification' | 'relay' | 'policies' | 'migration' | 'demo';
export type Log = Logger;

export interface LoggerOptions {
  level: string;
  format: 'auto' | 'json' | 'pretty';
}

export function createLogger(opts: LoggerOptions): Log {
  const usePretty = opts.format === 'pretty' || (opts.format === 'auto' && process.stdout.isTTY === true);
  const base = { level: opts.level, base: undefined, redact: ['req.headers.authorization', 'password'] };
  if (!usePretty) return pino(base);
  return pino(base, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true }));
}

export function componentLogger(log: Log, component: Component, ids: Record<string, string> = {}): Log {
  return log.child({ component, ...ids });
}
