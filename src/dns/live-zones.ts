// Adapter: keeps the zone snapshot current. A write in this process marks it stale at once
// (the `dns.changed` event, emitted after the commit); queries that arrive while it is stale
// wait for the rebuild, so an answer after a mutation always shows the mutation. A write by
// another instance on the same database is noticed by polling a cheap version of the data.
import type { Db } from '../db/client.js';
import type { Log } from '../platform/logger.js';
import type { RelayAddresses } from './regional-zone.js';
import type { ZoneSnapshot } from './zone-snapshot.js';
import { loadZoneSnapshot, zoneDataVersion } from './zone-source.js';

/** How often another instance's changes are looked for: the "within a second". */
export const ZONE_VERSION_POLL_MS = 500;

export interface LiveZones {
  /** The snapshot when it is current, else null (then wait for `fresh()`). */
  current(): ZoneSnapshot | null;
  /** The snapshot once it reflects every change made before the call. */
  fresh(): Promise<ZoneSnapshot>;
  /** Data changed: rebuild before answering again. */
  invalidate(): void;
  close(): void;
}

export interface LiveZonesOptions {
  db: Db;
  relay: RelayAddresses;
  log: Log;
  pollMs?: number;
}

export async function startLiveZones(opts: LiveZonesOptions): Promise<LiveZones> {
  let version = await zoneDataVersion(opts.db);
  let snapshot = await loadZoneSnapshot(opts.db, opts.relay);
  let stale = false;
  /** A rebuild under way, and whether another must follow it (a change came during it). */
  let rebuilding: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let failing = false;

  const rebuild = (): Promise<void> => {
    if (rebuilding) {
      again = true;
      return rebuilding;
    }
    rebuilding = (async () => {
      do {
        again = false;
        try {
          // The version first: a change that lands while the rows are read shows up as a
          // newer version at the next poll, never as a snapshot that claims to be current.
          const v = await zoneDataVersion(opts.db);
          snapshot = await loadZoneSnapshot(opts.db, opts.relay);
          version = v;
          if (failing) opts.log.info('dns zones readable again');
          failing = false;
        } catch (err) {
          // Keep answering from the last snapshot; the next poll tries again.
          if (!failing) opts.log.error({ err }, 'dns zones could not be reloaded; answering from the last snapshot');
          failing = true;
          again = false;
        }
      } while (again && !closed);
      stale = false;
      rebuilding = null;
    })();
    return rebuilding;
  };

  const poll = setInterval(() => {
    if (rebuilding || closed) return;
    zoneDataVersion(opts.db).then(
      (v) => {
        if (v !== version && !closed) {
          stale = true;
          void rebuild();
        }
      },
      (err: unknown) => {
        if (!failing) opts.log.error({ err }, 'dns zone version check failed');
        failing = true;
      },
    );
  }, opts.pollMs ?? ZONE_VERSION_POLL_MS);
  poll.unref();

  return {
    current: () => (stale ? null : snapshot),
    fresh: async () => {
      while (stale && rebuilding) await rebuilding;
      return snapshot;
    },
    invalidate() {
      if (closed) return;
      stale = true;
      void rebuild();
    },
    close() {
      closed = true;
      clearInterval(poll);
    },
  };
}
