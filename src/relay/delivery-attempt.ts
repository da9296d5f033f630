// One delivery attempt of a group of recipients of one message: the servers in their order,
// the next server only for the recipients the previous one could not take because of the
// server itself (sessionFailure: refused, timed out, 4xx to the transaction), at most
// MAX_TARGETS_PER_ATTEMPT of them (as Postfix's smtp_mx_address_limit, 5).
import { access } from 'node:fs/promises';
import { isCaptureHost } from '../domains/capture-host.js';
import { deliverMessage, type RecipientOutcome } from './deliver-message.js';
import type { DeliveryTarget } from './delivery-targets.js';

export const MAX_TARGETS_PER_ATTEMPT = 5;

export interface AttemptRow {
  id: string;
  address: string;
}

export interface AttemptInput<R extends AttemptRow> {
  contentPath: string | null;
  envelopeSender: string;
  rows: R[];
  /** In the order to try; CAPTURE_HOST stands for the capture mailbox. */
  targets: DeliveryTarget[];
}

export interface AttemptOptions {
  /** Where the capture mailbox listens, or null when it does not run. */
  resolveCaptureTarget: () => DeliveryTarget | null;
  timeoutMs: number;
  heloName?: string;
  resolveHost?: (host: string) => Promise<string[]>;
  signal?: AbortSignal;
}

export interface AttemptResult<R extends AttemptRow> {
  row: R;
  outcome: RecipientOutcome;
  /** The server that answered last (its actual address for the capture mailbox). */
  target: DeliveryTarget | null;
  viaCapture: boolean;
}

export async function attemptDelivery<R extends AttemptRow>(input: AttemptInput<R>, opts: AttemptOptions): Promise<AttemptResult<R>[]> {
  const results = new Map<string, AttemptResult<R>>();
  const set = (rows: R[], outcome: (row: R) => RecipientOutcome, target: DeliveryTarget | null, viaCapture: boolean) => {
    for (const row of rows) results.set(row.id, { row, outcome: outcome(row), target, viaCapture });
  };
  const path = input.contentPath;
  if (!path || !(await exists(path))) {
    // The spool file is gone (removed by hand, or a row written without one): it never will be back.
    set(
      input.rows,
      (r) => ({ address: r.address, kind: 'PERMANENT', reply: '554 5.3.0 The message content is missing from the spool' }),
      null,
      false,
    );
    return input.rows.map((r) => results.get(r.id)!);
  }
  if (input.targets.length === 0) {
    // No inbound server covers the recipient (domain removed, servers emptied, or another
    // domain's MX, which this relay does not look up): queued until a route exists or it expires.
    set(input.rows, (r) => ({ address: r.address, kind: 'TEMPORARY', reply: `451 4.4.4 No inbound server for ${r.address}` }), null, false);
    return input.rows.map((r) => results.get(r.id)!);
  }
  let pending = input.rows;
  for (const listed of input.targets.slice(0, MAX_TARGETS_PER_ATTEMPT)) {
    const viaCapture = isCaptureHost(listed.host);
    const target = viaCapture ? opts.resolveCaptureTarget() : listed;
    if (!target) {
      const reply = '451 4.4.1 The capture mailbox is not running';
      set(pending, (r) => ({ address: r.address, kind: 'TEMPORARY', reply, enhancedCode: '4.4.1', sessionFailure: true }), null, true);
      continue;
    }
    const outcomes = await deliverMessage({
      path,
      envelope: { from: input.envelopeSender, to: pending.map((r) => r.address) },
      target,
      timeoutMs: opts.timeoutMs,
      heloName: opts.heloName,
      resolveHost: opts.resolveHost,
      signal: opts.signal,
    });
    const byAddress = new Map(outcomes.map((o) => [o.address.toLowerCase(), o]));
    set(pending, (r) => byAddress.get(r.address.toLowerCase())!, target, viaCapture);
    pending = pending.filter((r) => results.get(r.id)!.outcome.sessionFailure);
    if (pending.length === 0 || opts.signal?.aborted) break;
  }
  return input.rows.map((r) => results.get(r.id)!);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
