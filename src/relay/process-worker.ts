// The processing thread: one message from its spool file to a verdict and the files to
// deliver. Parses it bounded and streaming (parse-message.ts, attachments inspected by
// inspect/), evaluates the tenant's compiled policy (policies/engine, pure), rewrites the
// message for each verdict with modifications and builds its notifications. Runs in a
// piscina worker (process-pool.ts), so a large or hostile message never holds up the SMTP
// listener or the API; the same code serves simulateMessage (outputBase null: no files).
import { rm } from 'node:fs/promises';
import { compilePolicy, type CompiledPolicy } from '../policies/engine/compile-policy.js';
import { evaluateMessage } from '../policies/engine/evaluate-message.js';
import type { PolicySpec } from '../policies/engine/policy-spec.js';
import type { AttachmentFact } from '../policies/engine/message-facts.js';
import { buildNotification } from './build-notification.js';
import { inspectAttachment } from './inspect/inspect-attachment.js';
import { sanitizeAttachment } from './inspect/sanitize-attachment.js';
import { parseMessage } from './parse-message.js';
import type { ProcessOutcome, ProcessTask, ProcessedOutput } from './process-task.js';
import { rewriteMessage } from './rewrite-message.js';

export { summarizeCaptured } from './captured-summary.js';

/**
 * Compiled policies a thread keeps (least recently used out). One per tenant in use: a few
 * tenants rehearse at once; each compiled policy of 5,000 rules holds a few MB.
 */
export const COMPILED_POLICIES_KEPT = 8;

const compiled = new Map<string, CompiledPolicy>();

function policyFor(task: ProcessTask): CompiledPolicy {
  const hit = compiled.get(task.policyKey);
  if (hit) {
    compiled.delete(task.policyKey);
    compiled.set(task.policyKey, hit);
    return hit;
  }
  const policy = compilePolicy(JSON.parse(task.policyJson) as PolicySpec);
  compiled.set(task.policyKey, policy);
  while (compiled.size > COMPILED_POLICIES_KEPT) compiled.delete(compiled.keys().next().value!);
  return policy;
}

export async function processMessage(task: ProcessTask): Promise<ProcessOutcome> {
  let attachmentFiles: string[] = [];
  try {
    const policy = policyFor(task);
    const parsed = await parseMessage(
      { path: task.path, sizeBytes: task.sizeBytes, direction: task.direction, envelope: task.envelope },
      { tempDir: task.tempDir, inspect: (a) => inspectAttachment(a) },
    );
    attachmentFiles = parsed.attachmentFiles;
    const { facts } = parsed;
    const evaluation = evaluateMessage(policy, facts, { mailId: task.mailId, now: new Date(task.now), skipRuleIds: task.skipRuleIds });
    const outputs: ProcessedOutput[] = [];
    if (task.outputBase !== null) {
      const base = task.outputBase;
      for (const [i, { recipients, verdict }] of evaluation.verdicts.entries()) {
        let contentPath = task.path;
        const intercepted = verdict.action === 'DELETE' || verdict.action === 'QUARANTINE';
        if (!intercepted && verdict.modifications.length > 0) {
          contentPath = `${base}.v${i}.eml`;
          const byPart = new Map<string, AttachmentFact>(facts.attachments.map((a) => [a.partPath, a]));
          await rewriteMessage({
            inPath: task.path,
            outPath: contentPath,
            modifications: verdict.modifications,
            tempDir: task.tempDir,
            sanitize: async (partPath: string, decodedPath: string, outPath: string) => {
              const fact = byPart.get(partPath);
              if (!fact) return { sanitized: false, reason: 'attachment not found' };
              return sanitizeAttachment(decodedPath, fact, outPath);
            },
          });
        }
        const notifications: ProcessedOutput['notifications'] = [];
        for (const [j, n] of verdict.notifications.entries()) {
          const path = `${base}.v${i}.n${j}.eml`;
          await buildNotification(n, {
            messageId: `<${task.mailId}.n${i}.${j}@cegp-rehearsal>`,
            date: new Date(task.now),
            ...(n.attachOriginal ? { originalPath: contentPath } : {}),
            outPath: path,
          });
          notifications.push({ path, from: n.from, to: n.to });
        }
        outputs.push({ recipients, contentPath, notifications });
      }
    }
    return {
      ok: true,
      summary: { subject: facts.subject, messageId: facts.messageId, headerFrom: facts.headerFrom },
      evaluation,
      outputs,
    };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  } finally {
    await Promise.all(attachmentFiles.map((f) => rm(f, { force: true })));
  }
}
