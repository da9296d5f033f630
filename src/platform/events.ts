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

export interface EventMap {
  'domain.statusChanged': DomainStatusChangedEvent;
  'migration.progress': MigrationProgressEvent;
}

export interface Events {
  emit<K extends keyof EventMap>(name: K, payload: EventMap[K]): void;
  subscribe<K extends keyof EventMap>(name: K, signal?: AbortSignal): AsyncIterable<EventMap[K]>;
}

export function createEvents(): Events {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emit: (name, payload) => {
      emitter.emit(name, payload);
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
