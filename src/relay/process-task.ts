// What the main thread asks a processing thread to do with one message, and what comes
// back (structured-clone data). Pure.
import type { PolicyDirection } from '../db/enums.js';
import type { MessageEvaluation } from '../policies/engine/evaluate-message.js';

export interface ProcessTask {
  mailId: string;
  /** The message as received (spool file). */
  path: string;
  sizeBytes: number;
  direction: PolicyDirection;
  envelope: { sender: string; recipients: string[] };
  /** Tenant id and policy revision: the thread compiles a policy once per key. */
  policyKey: string;
  /** The PolicySpec as JSON (a string is copied cheaply between threads). */
  policyJson: string;
  skipRuleIds: string[];
  /** Epoch ms: the engine's clock (%DATE&TIME%). */
  now: number;
  /** Where derived files go (spool/<mailId>); null = simulate: nothing is written but temporary files. */
  outputBase: string | null;
  tempDir: string;
}

export interface ProcessedOutput {
  recipients: string[];
  /** The message to deliver for these recipients: the spool file as received, or its rewritten copy. */
  contentPath: string;
  /** Notification messages built for these recipients' verdict, one file each. */
  notifications: { path: string; from: string; to: string[] }[];
}

export type ProcessOutcome =
  | {
      ok: true;
      summary: { subject: string; messageId: string | null; headerFrom: string | null };
      evaluation: MessageEvaluation;
      outputs: ProcessedOutput[];
    }
  | { ok: false; error: string };
