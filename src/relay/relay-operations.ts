// What the GraphQL layer asks of the running relay beyond reading its tables: simulate a
// message through the policy engine, release and delete quarantined messages. The relay's
// use-cases implement it; app/ hands it to GraphQL as `services.relay`. Types only.
import type { PolicyDirection } from '../db/enums.js';
import type { Actor } from '../db/use-case-context.js';
import type { Verdict } from '../policies/engine/verdict.js';

export interface SimulateMessageRequest {
  /** The message as it would arrive after DATA (an .eml). */
  raw: Uint8Array;
  /** MAIL FROM without brackets; "" is the null sender. */
  envelopeSender: string;
  /** RCPT TO addresses, 1…MAX_SIMULATION_RECIPIENTS (simulation-input.ts), trimmed. */
  envelopeRecipients: string[];
  direction: PolicyDirection;
  tenantId: string;
}

/** The engine's answer for one message, as MailMessage.verdict stores it: one verdict per group of recipients. */
export interface MessageEvaluation {
  verdicts: { recipients: string[]; verdict: Verdict }[];
}

export interface RelayOperations {
  /** Evaluates the message with the tenant's current policy; nothing is stored, delivered or notified. */
  simulate?(request: SimulateMessageRequest): Promise<MessageEvaluation>;
  /**
   * Quarantine → Deliver: each message is processed again, skipping the rule that quarantined
   * it (docs/cegp/logs-and-quarantine.md, "Operations on selected rows"). Only rows of
   * `tenantId` are touched; ids that are gone are skipped. Audits QUARANTINE_RELEASED per
   * message in the transaction that removes it from the quarantine. Returns the released ids.
   */
  release?(tenantId: string, quarantinedIds: readonly string[], actor: Actor): Promise<string[]>;
  /**
   * Quarantine → Delete: removes the rows and their held files, delivery cancelled. Only rows
   * of `tenantId`; ids that are gone are skipped. Audits QUARANTINE_DELETED per message.
   * Returns the deleted ids.
   */
  deleteQuarantined?(tenantId: string, quarantinedIds: readonly string[], actor: Actor): Promise<string[]>;
}
