// In-process events between capabilities (backward reactions such as "a domain changed
// status" → GraphQL subscription) without capabilities importing each other.
import { EventEmitter, on } from 'node:events';

export interface DomainStatusChangedEvent {
  tenantId: string;
  domainId: string;
  domainName: string;
  previousStatus: string;
  status: string;
  at: Date;
}

export interface MigrationProgressEvent {
  tenantId: string;
  runId: string;
  state: string;
  /** 0–100 within the current state. */
  percent: number;
  step: string;
  at: Date;
}

/** DNS data changed (records, zones, or tenants and so CEGP host names): after the commit. */
export interface DnsChangedEvent {
  tenantId: string;
}

/** A tenant's policy rules or objects changed (after the commit): the relay rebuilds its compiled policy. */
export interface PolicyChangedEvent {
  tenantId: string;
}

/** A tenant's domains were added, changed or deleted (after the commit): the relay's recipient cache is stale. */
export interface DomainChangedEvent {
  tenantId: string;
}

/** A tracked message reached a new status (after the commit): waitForMessage and messageProcessed. */
export interface MailStatusEvent {
  tenantId: string;
  mailMessageId: string;
  status: string;
}

export interface EventMap {
  'policy.changed': PolicyChangedEvent;
  'domain.changed': DomainChangedEvent;
  'mail.status': MailStatusEvent;
  'dns.changed': DnsChangedEvent;
  'domain.statusChanged': DomainStatusChangedEvent;
  'migration.progress': MigrationProgressEvent;
}

export interface Events {
  emit<K extends keyof EventMap>(name: K, payload: EventMap[K]): void;
  subscribe<K extends keyof EventMap>(name: K, signal?: AbortSignal): AsyncIterable<EventMap[K]>;
  /** A synchronous listener (reactions wired in app/); returns the function that removes it. */
  on<K extends keyof EventMap>(name: K, listener: (payload: EventMap[K]) => void): () => void;
}

export function createEvents(): Events {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emit: (name, payload) => {
      emitter.emit(name, payload);
    },
    on: (name, listener) => {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },
    subscribe: <K extends keyof EventMap>(name: K, signal?: AbortSignal) => {
      const it = on(emitter, name, { signal });
      return {
        async *[Symbol.asyncIterator]() {
          try {
            for await (const [payload] of it) yield payload as EventMap[K];
          } catch (err) {
            if ((err as Error).name !== 'AbortError') throw err;
          }
        },
      };
    },
  };
}
