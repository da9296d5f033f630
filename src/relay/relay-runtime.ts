// The relay's parts wired together (spool, recipient directory, group commit, SMTP
// listener, processor, outbox, capture mailbox) with one start and one stop, for app/.
import type { DbOrTx, DbKind } from '../db/client.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../platform/events.js';
import type { Log } from '../platform/logger.js';
import { createAcceptQueue, type AcceptQueue } from './accept-queue.js';
import { createRecipientDirectory } from './recipient-directory.js';
import { createSmtpListener, type SmtpListener } from './smtp-listener.js';
import { openSpool, type Spool } from './spool.js';

export interface RelaySettings {
  host: string;
  smtpPort: number;
  dataDir: string;
  spoolFsync: boolean;
  workers: number;
}

export interface RelayRuntime {
  /** Opens the spool, recovers what a crash left, and listens. Throws with code EADDRINUSE when SMTP_PORT is taken. */
  start(): Promise<{ smtp: { host: string; port: number } }>;
  addresses(): { smtp: { host: string; port: number } | null };
  spool(): Spool;
  stop(): Promise<void>;
}

export interface RelayDeps {
  db: DbOrTx;
  dbKind: DbKind;
  clock: Clock;
  log: Log;
  events: Events;
}

export function createRelayRuntime(deps: RelayDeps, settings: RelaySettings): RelayRuntime {
  let spool: Spool | null = null;
  let listener: SmtpListener | null = null;
  let accept: AcceptQueue | null = null;
  const directory = createRecipientDirectory({ db: deps.db, clock: deps.clock });
  const unsubscribe = [
    deps.events.on('domain.changed', () => directory.invalidate()),
    deps.events.on('domain.statusChanged', () => directory.invalidate()),
  ];
  return {
    async start() {
      spool = await openSpool(settings.dataDir, settings.spoolFsync);
      if (!settings.spoolFsync)
        deps.log.warn(
          'SPOOL_FSYNC=false: accepted messages are not fsynced before 250; a crash can lose mail clients were told is accepted',
        );
      accept = createAcceptQueue({ db: deps.db, spool, log: deps.log });
      listener = createSmtpListener({
        host: settings.host,
        port: settings.smtpPort,
        log: deps.log,
        directory,
        spool,
        accept,
        onAccepted: () => undefined,
      });
      const smtp = await listener.listen();
      return { smtp };
    },
    addresses: () => ({ smtp: listener?.address() ?? null }),
    spool() {
      if (!spool) throw new Error('the relay is not started');
      return spool;
    },
    async stop() {
      for (const u of unsubscribe) u();
      await listener?.close();
      await accept?.drain();
    },
  };
}
