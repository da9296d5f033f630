// The relay's SMTP replies: one table of reply code + RFC 3463 enhanced status code + text,
// so every refusal a client sees is named, documented and tested. Pure.
//
// smtp-server maps a hook's error to an enhanced code by its reply code alone (550 → 5.1.1,
// 452 → 4.2.2, 552 → 5.2.2), which says the wrong thing for a policy refusal, too many
// recipients or a message too big; smtp-listener.ts therefore sends these texts with their
// own enhanced code (see `withEnhancedCode` there).

export interface SmtpReply {
  code: number;
  /** RFC 3463 class.subject.detail. */
  enhanced: string;
  text: string;
}

export const SMTP_REPLIES = {
  /** RCPT TO in a domain no tenant registered: CEGP relays only for its customers' domains (RFC 3463 5.7.1 delivery not authorized). */
  RECIPIENT_NOT_MANAGED: { code: 550, enhanced: '5.7.1', text: 'Relay access denied: the recipient domain is not served here' },
  /** More recipients than CEGP accepts per message (docs/cegp/policies-and-content-filtering.md §8: 500); RFC 5321 §4.5.3.1.10 says 452 and the client sends the rest in another transaction. */
  TOO_MANY_RECIPIENTS: { code: 452, enhanced: '4.5.3', text: 'Too many recipients for one message; send the rest in another transaction' },
  /** A recipient of another tenant than the transaction's first: one message belongs to one tenant; the client retries it in a new transaction (as for 4.5.3). */
  OTHER_TENANT: { code: 452, enhanced: '4.5.3', text: 'Recipients of another organization; send to them in another transaction' },
  /** Declared SIZE or the data over the tenant's limit (§8: 50 MB standard, 150 MB advanced protection). RFC 1870 allows 552 at RCPT and after DATA. */
  MESSAGE_TOO_BIG: { code: 552, enhanced: '5.3.4', text: 'Message size exceeds the limit of this organization' },
  /** More MIME parts or deeper nesting than the relay parses (src/relay/mime-limits.ts). */
  MIME_TOO_COMPLEX: { code: 554, enhanced: '5.6.0', text: 'Message structure too complex (too many MIME parts or too deeply nested)' },
  /** Anything unexpected while storing: the client keeps the message and retries (RFC 5321 4xx). */
  LOCAL_ERROR: { code: 451, enhanced: '4.3.0', text: 'Local error in processing; try again later' },
  /** The relay is stopping: no new transaction starts. */
  SHUTTING_DOWN: { code: 421, enhanced: '4.3.2', text: 'Service shutting down; try again later' },
} as const satisfies Record<string, SmtpReply>;

export type SmtpReplyName = keyof typeof SMTP_REPLIES;

/** The error a smtp-server hook calls back with: its message starts with the enhanced code. */
export function smtpError(name: SmtpReplyName, detail?: string): Error & { responseCode: number } {
  const r = SMTP_REPLIES[name];
  const err = new Error(`${r.enhanced} ${r.text}${detail ? ` (${detail})` : ''}`) as Error & { responseCode: number; replyName: string };
  err.responseCode = r.code;
  err.replyName = name;
  return err;
}

/** The "250 2.0.0 Ok: queued as <id>" text of an accepted message (smtp-server adds the code). */
export function queuedText(mailId: string): string {
  return `2.0.0 Ok: queued as ${mailId}`;
}
