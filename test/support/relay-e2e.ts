// End-to-end relay tests: a real app whose verified domain delivers to the built-in capture
// mailbox, rules and policy objects added through GraphQL as an administrator adds them, mail
// sent over SMTP (nodemailer with exact bytes, or swaks), and what the relay stored read back
// from the database and the captured files.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { MessageEvaluation } from '../../src/policies/engine/evaluate-message.js';
import type { TraceStep, Verdict } from '../../src/policies/engine/verdict.js';
import { ADD_DOMAIN, SET_RECORD, VERIFY_DOMAIN } from './graphql-documents.js';
import type { TestDbKind } from './databases.js';
import { startTestApp, type TestApp } from './test-app.js';

/** A swaks that waits longer than this is stuck (it prompts for a missing argument): fail instead of hanging. */
const SWAKS_TIMEOUT_MS = 20_000;

/** swaks with stdin closed (so it never waits for a prompt's answer), asynchronously: the server runs in this process. */
function swaksRun(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('swaks', args, { timeout: SWAKS_TIMEOUT_MS }, (err, stdout, stderr) =>
      err ? reject(new Error(`swaks failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end();
  });
}

/** The managed domain of every e2e test; its inbound server is the capture mailbox. */
export const DOMAIN = 'rehearsal-e2e.example';
export const USER = `user@${DOMAIN}`;
export const OUTSIDER = 'sender@outside.example';

/**
 * A verified domain through the real DNS path (MX, TXT, verifyDomain) added without
 * inbound servers, so its mail goes to the capture mailbox (host `capture`).
 */
export async function verifiedCaptureDomain(t: TestApp, name: string): Promise<string> {
  await t.gql(SET_RECORD, { input: { name, type: 'MX', priority: 10, value: `mail.${name}` } });
  const added = await t.gql(ADD_DOMAIN, { input: { name } });
  const d = added.data.addDomain.domain;
  if (!d) throw new Error(JSON.stringify(added.data.addDomain.userErrors));
  if (d.inboundServers[0]?.host !== 'capture') throw new Error(`expected the capture mailbox, got ${JSON.stringify(d.inboundServers)}`);
  await t.gql(SET_RECORD, { input: { name, type: 'TXT', value: d.verificationRecord.value } });
  const v = await t.gql(VERIFY_DOMAIN, { id: d.id });
  if (v.data.verifyDomain.domain.status !== 'COMPLETED') throw new Error(`could not verify ${name}`);
  return d.id;
}

const RULE_PAYLOAD = 'rule { id name } userErrors { code message field }';

export interface RuleInput {
  name: string;
  type?: string;
  direction?: string;
  criteriaMode?: 'ALL_MATCH' | 'ANY_MATCH' | 'NO_CRITERIA';
  criteria?: Record<string, unknown>[];
  intercept?: Record<string, unknown>;
  modifyActions?: Record<string, unknown>[];
  monitorActions?: Record<string, unknown>[];
  recipients?: Record<string, unknown>;
  senders?: Record<string, unknown>;
}

export interface SentMessage {
  mailId: string;
  response: string;
}

export interface Outcome {
  message: {
    id: string;
    status: string;
    subject: string;
    verdict: MessageEvaluation;
  };
  recipients: { address: string; originalAddress: string; status: string; deliveredTo: string | null; lastReply: string | null }[];
  quarantined: { area: string; reason: string; ruleId: string | null; ruleName: string; recipients: unknown }[];
  events: { ruleId: string | null; ruleName: string; policyType: string; threatType: string; actions: unknown }[];
  /** What the capture mailbox received for this message, parsed; one per delivery. */
  captured: { envelopeRecipients: string[]; raw: Buffer; parsed: ParsedMail }[];
  /** The messages this one generated (NOTIFICATION, BCC), with their recipients and captures. */
  generated: {
    origin: string | null;
    envelopeRecipients: string[];
    status: string;
    captured: { envelopeRecipients: string[]; raw: Buffer; parsed: ParsedMail }[];
  }[];
  verdict: Verdict;
  /** The trace step of a rule (by id), or throws. */
  step(ruleId: string): TraceStep;
}

export interface RelayE2e {
  t: TestApp;
  tenantId: string;
  /** Adds a rule (inbound content filtering to my organization from anyone unless said). */
  addRule(input: RuleInput): Promise<string>;
  deleteRule(id: string): Promise<void>;
  /** Adds the rules in order, runs `fn` with their ids, and deletes them again (also when `fn` fails). */
  withRules(rules: RuleInput[], fn: (ids: string[]) => Promise<void>): Promise<void>;
  withRule(rule: RuleInput, fn: (id: string) => Promise<void>): Promise<void>;
  keywordList(name: string, expressions: string[], match?: 'ANY' | 'ALL' | 'NOT'): Promise<string>;
  stamp(name: string, text: string, position: 'BEGINNING' | 'END'): Promise<string>;
  notification(input: { name: string; fromAddress: string; toAddresses: string[]; subject: string; body?: string }): Promise<string>;
  send(raw: string | Buffer, envelope?: { from?: string; to?: string[] }): Promise<SentMessage>;
  /** swaks as a real external client (async: the server runs in this process). */
  swaks(args: string[]): Promise<SentMessage>;
  /** Waits until the relay is idle (twice: generated messages are delivered too), then reads everything about the message. */
  outcome(sent: SentMessage): Promise<Outcome>;
  close(): Promise<void>;
}

/** A running app with the e2e domain verified and the tenant's default rules disabled (they are SKIPPED in every trace). */
export async function startRelayE2e(kind: TestDbKind): Promise<RelayE2e> {
  const t = await startTestApp(kind);
  const db = t.app.database.client;
  const tenantId = await t.app.defaultTenantId();
  await verifiedCaptureDomain(t, DOMAIN);
  const defaults = await db.policyRule.findMany({ where: { tenantId, isDefault: true, locked: false } });
  for (const r of defaults) {
    const res = await t.gql(`mutation($id: ID!) { setPolicyRuleEnabled(id: $id, enabled: false) { ${RULE_PAYLOAD} } }`, {
      id: globalId('PolicyRule', r.id),
    });
    if (res.data.setPolicyRuleEnabled.userErrors.length) throw new Error(JSON.stringify(res.data.setPolicyRuleEnabled.userErrors));
  }
  const object = async (mutation: string, inputType: string, field: string, input: object) => {
    const r = await t.gql(`mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${field} { id } userErrors { code message field } } }`, {
      i: input,
    });
    const p = r.data?.[mutation];
    if (!p?.[field]) throw new Error(`${mutation}: ${JSON.stringify(p?.userErrors ?? r.errors)}`);
    return p[field].id as string;
  };
  const parseCaptured = async (rows: { contentPath: string; envelopeRecipients: unknown }[]) =>
    Promise.all(
      rows.map(async (c) => {
        const raw = await readFile(c.contentPath);
        return { envelopeRecipients: c.envelopeRecipients as string[], raw, parsed: await simpleParser(raw) };
      }),
    );
  const sentOf = (response: string): SentMessage => {
    const mailId = /queued as (\S+)/.exec(response)?.[1];
    if (!mailId) throw new Error(`no queue id in ${response}`);
    return { mailId, response };
  };
  const e: RelayE2e = {
    t,
    tenantId,
    async withRules(rules, fn) {
      const ids: string[] = [];
      try {
        for (const r of rules) ids.push(await e.addRule(r));
        await fn(ids);
      } finally {
        for (const id of ids) await e.deleteRule(id);
      }
    },
    withRule: (rule, fn) => e.withRules([rule], ([id]) => fn(id!)),
    async addRule(input) {
      const full = {
        direction: 'INBOUND',
        type: 'CONTENT_FILTERING',
        recipients: { kind: 'MY_ORGANIZATION' },
        senders: { kind: 'ANYONE' },
        criteriaMode: 'ANY_MATCH',
        intercept: { action: 'NONE' },
        ...input,
      };
      const r = await t.gql(`mutation($i: AddPolicyRuleInput!) { addPolicyRule(input: $i) { ${RULE_PAYLOAD} } }`, { i: full });
      const p = r.data?.addPolicyRule;
      if (!p?.rule) throw new Error(`addPolicyRule ${input.name}: ${JSON.stringify(p?.userErrors ?? r.errors)}`);
      return p.rule.id as string;
    },
    async deleteRule(id) {
      const r = await t.gql('mutation($id: ID!) { deletePolicyRule(id: $id) { deletedId userErrors { code } } }', { id });
      if (r.data.deletePolicyRule.userErrors.length) throw new Error(JSON.stringify(r.data.deletePolicyRule.userErrors));
    },
    keywordList: (name, expressions, match = 'ANY') =>
      object('addKeywordList', 'KeywordListInput', 'keywordList', {
        name,
        match,
        expressions: expressions.map((expression) => ({ expression })),
      }),
    stamp: (name, text, position) => object('addStamp', 'StampInput', 'stamp', { name, text, position }),
    notification: (input) => object('addPolicyNotification', 'PolicyNotificationInput', 'policyNotification', input),
    async send(raw, envelope = {}) {
      const info = await nodemailer
        .createTransport({ host: '127.0.0.1', port: t.smtpPort, secure: false, ignoreTLS: true, logger: false })
        .sendMail({ envelope: { from: envelope.from ?? OUTSIDER, to: envelope.to ?? [USER] }, raw });
      return sentOf(info.response);
    },
    async swaks(args) {
      const stdout = await swaksRun(['--server', '127.0.0.1', '--port', String(t.smtpPort), '--hide-informational', ...args]);
      const line = stdout.split('\n').find((l) => /queued as/.test(l));
      if (!line) throw new Error(`swaks: no 250 queued in\n${stdout}`);
      return sentOf(line);
    },
    async outcome(sent) {
      await t.app.relay.idle();
      await t.app.relay.idle();
      const m = await db.mailMessage.findUniqueOrThrow({ where: { mailId: sent.mailId } });
      const evaluation = m.verdict as unknown as MessageEvaluation;
      if (!evaluation) throw new Error(`message ${sent.mailId} was not processed (status ${m.status})`);
      const verdict = evaluation.verdicts[0]!.verdict;
      const generatedRows = await db.mailMessage.findMany({
        where: { mailId: { startsWith: `${sent.mailId}.` } },
        orderBy: { mailId: 'asc' },
      });
      const generated = [];
      for (const g of generatedRows) {
        const caps = await db.capturedMessage.findMany({ where: { mailMessageId: g.id } });
        generated.push({
          origin: g.origin,
          envelopeRecipients: g.envelopeRecipients as string[],
          status: g.status,
          captured: await parseCaptured(caps),
        });
      }
      return {
        message: { id: m.id, status: m.status, subject: m.subject, verdict: evaluation },
        recipients: await db.mailRecipient.findMany({ where: { mailMessageId: m.id }, orderBy: { address: 'asc' } }),
        quarantined: await db.quarantinedMessage.findMany({ where: { mailMessageId: m.id } }),
        events: await db.policyEvent.findMany({ where: { mailMessageId: m.id } }),
        captured: await parseCaptured(await db.capturedMessage.findMany({ where: { mailMessageId: m.id } })),
        generated,
        verdict,
        step(ruleId) {
          const s = verdict.trace.find((x) => x.ruleId === dbId(ruleId));
          if (!s) throw new Error(`rule ${ruleId} is not in the trace: ${verdict.trace.map((x) => x.ruleName).join(', ')}`);
          return s;
        },
      };
    },
    close: () => t.close(),
  };
  return e;
}

/** A record's GraphQL id (Relay global ID), as the API hands it out. */
export const globalId = (type: string, id: string): string => encodeGlobalID(type, id);
/** The database id inside a GraphQL id: what the trace's ruleId holds. */
export const dbId = (id: string): string => decodeGlobalID(id).id;

/** The evidence codes of a step's criteria, criterion by criterion: { SUBJECT_KEYWORDS: ['KEYWORD_MATCHED'] }. */
export function evidenceCodes(step: TraceStep): Record<string, string[]> {
  return Object.fromEntries(step.criteria.map((c) => [c.type, c.evidence.map((e) => e.code)]));
}

/** A message from its header lines and body, CRLF-joined as it travels. */
export function mail(headers: string[], body: string | Buffer = 'Hello.\r\n'): Buffer {
  const head = Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1');
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(body, 'latin1') : body]);
}
