// Compiling never throws: the default rules of a new tenant and the rule set the migration
// makes of a generated IMSS/IMSVA export (all cases: unsupported criteria, invalid keyword
// expressions, predefined DLP) compile and evaluate; bad objects become evidence.
import { describe, expect, it } from 'vitest';
import { generateExport } from '../../../scripts/export-generator/generate.js';
import { analyzeUpload } from '../../../src/migration/analyze-upload.js';
import { compilePolicy, STAGE_ORDER } from '../../../src/policies/engine/compile-policy.js';
import { evaluateMessage } from '../../../src/policies/engine/evaluate-message.js';
import type { PolicySpec } from '../../../src/policies/engine/policy-spec.js';
import { defaultRules } from '../../../src/policies/default-rules.js';
import { attachment, facts, NOW, spec } from '../../support/engine-builders.js';

describe('compilePolicy', () => {
  it('groups rules by direction in stage order (Correlated Intelligence inbound only)', () => {
    const p = compilePolicy(spec({ rules: defaultRules().map((r, i) => ({ id: `d${i}`, order: r.order, body: r })) }));
    expect(p.stages.INBOUND.map((s) => s.type)).toEqual(STAGE_ORDER);
    expect(p.stages.OUTBOUND.map((s) => s.type)).toEqual(['VIRUS_SCAN', 'SPAM_FILTERING', 'CONTENT_FILTERING', 'DLP']);
    expect(p.stages.INBOUND[1]!.rules.map((r) => r.body.name)).toEqual([
      'Organization: Spam or Phish',
      'Organization: Newsletter or spam-like',
      'Organization: Probable BEC threat',
      'Organization: Writing style BEC threat',
    ]);
  });

  it('the default rules quarantine a GTUBE message as spam and pass a clean one', () => {
    const p = compilePolicy(spec({ rules: defaultRules().map((r, i) => ({ id: `d${i}`, order: r.order, body: r })) }));
    const gtube = evaluateMessage(p, facts({ signals: { gtube: true, headerSignals: [] } }), { mailId: 'm', now: NOW }).verdicts[0]!
      .verdict;
    expect(gtube.quarantine).toMatchObject({ ruleName: 'Organization: Spam or Phish', reason: 'Spam' });
    const clean = evaluateMessage(p, facts({ attachments: [attachment()] }), { mailId: 'm', now: NOW }).verdicts[0]!.verdict;
    expect(clean.action).toBe('DELIVER');
  });

  it('a keyword list without a valid expression and a DLP identifier with nothing to match become evidence', () => {
    const p = compilePolicy(
      spec({
        keywordLists: [
          { id: 'k', name: 'bad', match: 'ANY', threshold: null, expressions: [{ expression: '[', caseSensitive: false, score: 1 }] },
        ],
        dlpTemplates: [{ id: 't', name: 'T', predefined: false, identifiers: ['empty'] }],
        dlpIdentifiers: [{ name: 'empty', kind: 'EXPRESSION', definition: {} }],
      }),
    );
    expect(p.keywordLists.get('k')!.problems.map((e) => e.code)).toEqual([
      'KEYWORD_EXPRESSION_INVALID',
      'KEYWORD_LIST_NO_VALID_EXPRESSION',
    ]);
    expect(p.dlpTemplates.get('t')!.problems.map((e) => e.code)).toContain('DLP_IDENTIFIER_INVALID');
  });

  it('the rule set the migration makes of a generated export compiles and evaluates', async () => {
    const bytes = generateExport({ product: 'IMSVA', cases: 'all', ldap: true, rules: 60, seed: 7 });
    const domains = [
      { name: 'example.co.jp', verified: true },
      { name: 'example.jp', verified: true },
    ];
    const { analysis } = await analyzeUpload('Config.dat', bytes, {
      managedDomains: domains,
      directoryGroupDns: [],
      directorySynchronized: true,
      imssMinBuild: 1361,
      imsvaMinBuild: 2011,
    });
    const plan = analysis.plan;
    // Plan keys stand for the ids the import gives the objects (apply-plan.ts remaps references).
    const s: PolicySpec = spec({
      domains,
      rules: plan.rules.map((r, i) => ({ id: `r${i}`, order: i + 1, body: r.body })),
      keywordLists: plan.keywordLists.map((k) => ({
        id: k.key,
        name: k.name,
        match: k.match,
        threshold: k.threshold,
        expressions: k.expressions,
      })),
      addressGroups: plan.addressGroups.map((g) => ({ id: g.key, name: g.name, addresses: g.addresses })),
      stamps: plan.stamps.map((x) => ({ id: x.key, name: x.name, position: x.position, text: x.text })),
      notifications: plan.notifications.map((n) => ({
        id: n.key,
        name: n.name,
        fromAddress: n.fromAddress,
        toAddresses: n.toAddresses.split(/[;,]/),
        subject: n.subject,
        body: n.body,
        attachOriginal: false,
      })),
      dlpTemplates: plan.dlpTemplates.map((t) => ({ id: t.key, name: t.name, predefined: false, identifiers: t.identifiers })),
      dlpIdentifiers: plan.dlpIdentifiers.map((d) => ({ name: d.name, kind: d.kind, definition: d.definition })),
    });
    expect(plan.rules.length).toBeGreaterThan(30);
    const p = compilePolicy(s);
    const f = facts({
      recipients: ['user@example.co.jp', 'sales@example.jp'],
      bodyText: '請求書 confidential CUST-123456',
      attachments: [attachment({ filename: 'a.exe', trueType: 'exe' })],
      signals: { gtube: true, headerSignals: [{ kind: 'BEC', level: 'HIGH', raw: 'bec=high' }] },
    });
    const e = evaluateMessage(p, f, { mailId: 'm', now: NOW });
    expect(e.verdicts.flatMap((v) => v.recipients).sort()).toEqual(['sales@example.jp', 'user@example.co.jp']);
    expect(e.verdicts.every((v) => v.verdict.trace.length > 0)).toBe(true);
    // Structured-clone safe: the spec crosses to worker threads as it is.
    expect(structuredClone(s)).toEqual(s);
  });
});
