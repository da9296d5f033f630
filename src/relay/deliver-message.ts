// Adapter: one SMTP transaction to one server (nodemailer), the spool file sent as it is,
// and what became of each recipient. No retries here (nodemailer has none): the outbox
// decides what a failure means for the queue.
//
// nodemailer's shapes (stack notes: a partial rejection resolves with info.rejected and
// info.rejectedErrors; every recipient rejected rejects with EENVELOPE and the same lists;
// errors carry responseCode and command) are turned into one outcome per recipient:
// - a reply to RCPT TO decides that recipient (4xx TEMPORARY, 5xx PERMANENT);
// - a reply to MAIL FROM or DATA decides every recipient still in the transaction;
// - no usable session (refused, timeout, reset, DNS, a 421 or 554 greeting, a refused
//   EHLO/HELO) is TEMPORARY with sessionFailure: another server of the domain may take the
//   mail (RFC 5321 §5.1: try the next address; §3.1: a 554 greeting means "no service
//   here"), and so is a 4xx to MAIL FROM or DATA.
// TLS is not attempted yet (ignoreTLS): STARTTLS to the customer's servers is a later step.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import { refusedDeliveryReason } from '../domains/delivery-address.js';
import type { DeliveryKind } from './delivery-decision.js';
import type { DeliveryTarget } from './delivery-targets.js';

export interface RecipientOutcome {
  address: string;
  kind: DeliveryKind;
  /** The server's reply ("550 5.1.1 User unknown"), or why there was none ("ECONNECTION: connect ECONNREFUSED …"). */
  reply: string;
  /** The RFC 3463 code of the reply ("5.1.1"), when it has one. */
  enhancedCode?: string;
  /** The server, not the recipient, failed: the next server of the domain may be tried. */
  sessionFailure?: boolean;
}

export interface DeliverMessageInput {
  /** The spool file, sent byte for byte. */
  path: string;
  /** MAIL FROM ("" for the null sender) and RCPT TO addresses. */
  envelope: { from: string; to: string[] };
  target: DeliveryTarget;
  /** TLS is not supported yet; the option is here so that callers say so. */
  tls?: false;
  /** Connect, greeting and idle-socket timeout. */
  timeoutMs: number;
  /** EHLO name (default: the machine's host name, nodemailer's default). */
  heloName?: string;
  /** Host name → addresses (default: the system resolver, node:dns lookup). */
  resolveHost?: (host: string) => Promise<string[]>;
  /** Aborts the transaction (the outbox closing); the recipients are then TEMPORARY. */
  signal?: AbortSignal;
}

/**
 * The longest one transaction may take, however slowly the server answers: the 150 MB
 * tier limit at ~2.5 Mbit/s. An idle timeout alone lets a server that trickles a byte a
 * minute hold a delivery slot for ever.
 */
export const MAX_TRANSACTION_SECONDS = 600;

const ENHANCED = /^[245]\d\d[ -]([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/;

export async function deliverMessage(input: DeliverMessageInput): Promise<RecipientOutcome[]> {
  const to = [...new Set(input.envelope.to)];
  const address = await connectAddress(input.target.host, input.resolveHost ?? systemResolve);
  if ('failure' in address) return to.map((a) => outcome(a, 'TEMPORARY', address.failure, true));

  const transport = nodemailer.createTransport({
    host: address.ip,
    port: input.target.port,
    secure: false,
    ignoreTLS: true,
    name: input.heloName,
    connectionTimeout: input.timeoutMs,
    greetingTimeout: input.timeoutMs,
    socketTimeout: input.timeoutMs,
    dnsTimeout: input.timeoutMs,
    logger: false,
  });
  const timeout = AbortSignal.timeout(MAX_TRANSACTION_SECONDS * 1000);
  const deadline = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  try {
    const info = await transport.sendMail({
      envelope: { from: input.envelope.from, to },
      raw: { path: input.path },
      // nodemailer ≥ 10 aborts the transaction on this signal; its types predate it.
      ...({ signal: deadline } as object),
    });
    const rejected = byRecipient((info.rejectedErrors ?? []) as SmtpError[]);
    const reply = String(info.response ?? '250');
    return to.map((a) => rejected.get(a.toLowerCase()) ?? outcome(a, 'DELIVERED', reply));
  } catch (err) {
    return failureOutcomes(err as SmtpError, to);
  } finally {
    transport.close();
  }
}

interface SmtpError extends Error {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  recipient?: string;
  rejectedErrors?: SmtpError[];
}

function failureOutcomes(err: SmtpError, to: string[]): RecipientOutcome[] {
  // Recipients refused at RCPT keep their own reply; the others share the error's.
  const rejected = byRecipient(err.rejectedErrors ?? []);
  const [kind, session] = transactionFailure(err);
  return to.map((a) => rejected.get(a.toLowerCase()) ?? outcome(a, kind, replyOf(err), session));
}

function transactionFailure(err: SmtpError): [DeliveryKind, boolean] {
  // A request nodemailer refused to send (a malformed address) will never go out.
  if (err.command === 'API') return ['PERMANENT', false];
  const code = err.responseCode;
  const session = err.command === 'CONN' || err.command === 'EHLO' || err.command === 'HELO' || err.command === 'LHLO';
  if (session || !code || code < 500) return ['TEMPORARY', true];
  // A 5xx to MAIL FROM or DATA is the server's verdict on the message: final.
  return ['PERMANENT', false];
}

function byRecipient(errors: SmtpError[]): Map<string, RecipientOutcome> {
  const m = new Map<string, RecipientOutcome>();
  for (const e of errors) {
    if (!e.recipient) continue;
    const permanent = (e.responseCode ?? 0) >= 500;
    // A 421 to one RCPT is the server going away, not a verdict on the recipient.
    m.set(e.recipient.toLowerCase(), outcome(e.recipient, permanent ? 'PERMANENT' : 'TEMPORARY', replyOf(e), e.responseCode === 421));
  }
  return m;
}

function replyOf(err: SmtpError): string {
  if (err.response) return oneLine(err.response);
  return oneLine(`${err.code ?? 'ERROR'}: ${err.message}`);
}

function outcome(address: string, kind: DeliveryKind, reply: string, sessionFailure = false): RecipientOutcome {
  const enhanced = ENHANCED.exec(reply)?.[1];
  return {
    address,
    kind,
    reply,
    ...(enhanced ? { enhancedCode: enhanced } : {}),
    ...(sessionFailure && kind === 'TEMPORARY' ? { sessionFailure: true } : {}),
  };
}

/** Multi-line replies on one line, bounded (a reply is stored in lastReply and shown in tracking). */
export const MAX_REPLY_CHARS = 1000;
function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').slice(0, MAX_REPLY_CHARS);
}

/**
 * The address to connect to, judged after resolution (src/domains/delivery-address.ts: a
 * host name is allowed when entered, what it resolves to is judged when the relay connects).
 */
async function connectAddress(host: string, resolve: (host: string) => Promise<string[]>): Promise<{ ip: string } | { failure: string }> {
  if (isIP(host)) return refusedDeliveryReason(host) ? { failure: refusal(host) } : { ip: host };
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    return { failure: `EDNS: ${host}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const allowed = addresses.find((a) => isIP(a) && !refusedDeliveryReason(a));
  if (allowed) return { ip: allowed };
  return { failure: addresses.length ? refusal(`${host} (${addresses.join(', ')})`) : `EDNS: ${host}: no address` };
}

function refusal(what: string): string {
  return `ECONNECTION: delivery to ${what} refused: not a unicast destination (src/domains/delivery-address.ts)`;
}

async function systemResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}
