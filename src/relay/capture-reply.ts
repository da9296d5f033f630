// The capture mailbox's reply to DATA, which tells the outbox which CapturedMessage its
// delivery made. Pure.

/** "250 2.0.0 Ok: captured as <id>": smtp-server adds the code, this is the text after it. */
export function capturedReplyText(id: string): string {
  return `Ok: captured as ${id}`;
}

/** The CapturedMessage id in a DATA reply of the capture mailbox, or null. */
export function capturedIdOf(reply: string): string | null {
  const m = /\bOk: captured as ([A-Za-z0-9_-]{1,64})\s*$/.exec(reply.trim());
  return m ? m[1]! : null;
}
