// What the outbox hands the DSN builder (src/relay/build-bounce.ts, RFC 3464) when a
// recipient is rejected or expires: buildBounce's input, defined once here. The builder is
// injected into the outbox, so this type is the contract between the two.

export interface BounceRecipient {
  address: string;
  /** RFC 3463 status: the reply's enhanced code, else 5.0.0 (rejected) or 4.4.7 (expired). */
  status: string;
  action: 'failed';
  /** The last SMTP reply as the server sent it ("550 5.1.1 User unknown"), or why there was none. */
  diagnostic: string;
  /** The server that answered (host name or address), when one did. */
  remoteMta?: string;
}

export interface BounceInput {
  /** The host name the relay calls itself (Reporting-MTA). */
  reportingMta: string;
  originalEnvelopeSender: string;
  originalMessageId: string | null;
  arrivalDate: Date;
  recipients: BounceRecipient[];
  /** The undelivered message; the builder returns its headers. */
  originalHeadersPath: string;
  /** Where the builder writes the bounce (DATA_DIR/spool/<mailId>.eml). */
  outPath: string;
  /** The bounce's Message-ID, without angle brackets. */
  messageId: string;
  date: Date;
  /** The human-readable part: English, or Japanese then English ('ja'). */
  locale?: 'en' | 'ja';
}

export type BuildBounce = (input: BounceInput) => Promise<void>;
