// Adapter: which process is working on a migration run, so that recovery after a crash
// fails only runs that nobody is working on any more (several instances may share one
// PostgreSQL database). A process holds the lease of every run it analyses or imports,
// from before the run's row changes state until it has reached its final state.
//
// PostgreSQL: a session-level advisory lock per run on one dedicated connection
// (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS). The server
// releases a session's locks when its connection ends, so a process killed with -9 gives its
// leases up by itself, and a live instance's leases are visible to every other instance.
// If that connection drops while the process lives, its leases are lost: another instance's
// recovery may then fail its runs, and its own state changes (compare-and-set) are refused.
//
// SQLite: leases are in-process only. A SQLite file is served by one server process; an
// operator command (`npm run migrate`) working on the same file while the server restarts
// can have its run failed as interrupted (docs/security.md, "Races and crashes").
import pg from 'pg';
import type { Log } from '../platform/logger.js';

/** The first key of every lease (pg_try_advisory_lock(int, int)), so other users of advisory locks in the database cannot collide with ours. */
export const LEASE_NAMESPACE = 0x4d494752; // "MIGR"

export interface Lease {
  release(): Promise<void>;
}

export interface RunLeases {
  /** Claims the run for this process; null when a live process (this one or another) holds it. */
  acquire(runId: string): Promise<Lease | null>;
  close(): Promise<void>;
}

export function createRunLeases(database: { kind: 'sqlite' } | { kind: 'postgresql'; url: string }, log: Log): RunLeases {
  return database.kind === 'postgresql' ? postgresLeases(database.url, log) : localLeases();
}

function localLeases(): RunLeases {
  const held = new Set<string>();
  return {
    async acquire(runId) {
      if (held.has(runId)) return null;
      held.add(runId);
      return { release: async () => void held.delete(runId) };
    },
    async close() {
      held.clear();
    },
  };
}

function postgresLeases(url: string, log: Log): RunLeases {
  // Advisory locks are re-entrant within a session: this process's own leases are kept here too.
  const held = new Set<string>();
  let client: Promise<pg.Client> | null = null;
  const connection = () =>
    (client ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: 'cegp-rehearsal run leases' });
      c.on('error', (err) => {
        log.error({ err }, 'the run-lease connection failed; leases held by this process are lost');
        client = null;
        held.clear();
      });
      await c.connect();
      return c;
    })().catch((err) => {
      client = null;
      throw err;
    }));
  return {
    async acquire(runId) {
      if (held.has(runId)) return null;
      held.add(runId);
      try {
        const c = await connection();
        const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok', [LEASE_NAMESPACE, runId]);
        if (!r.rows[0]?.ok) {
          held.delete(runId);
          return null;
        }
      } catch (err) {
        held.delete(runId);
        throw err;
      }
      return {
        release: async () => {
          if (!held.delete(runId)) return;
          const c = await connection().catch(() => null);
          await c?.query('SELECT pg_advisory_unlock($1::int, hashtext($2))', [LEASE_NAMESPACE, runId]).catch(() => undefined);
        },
      };
    },
    async close() {
      const c = client;
      client = null;
      held.clear();
      if (c) await (await c.catch(() => null))?.end().catch(() => undefined);
    },
  };
}
