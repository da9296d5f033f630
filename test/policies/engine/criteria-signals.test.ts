// The other policy types on the rehearsal's test signals: EICAR → malware, GTUBE and
// X-Rehearsal-Signal levels → spam kinds and web reputation, anomaly → Correlated
// Intelligence; DLP templates over the message's texts.
import { describe, expect, it } from 'vitest';
import type { PolicySpec } from '../../../src/policies/engine/policy-spec.js';
import type { DetectionLevel } from '../../../src/policies/rule.js';
import { attachment, criterion, facts } from '../../support/engine-builders.js';

const signal = (kind: string, level: string | null = null) => ({
  signals: { gtube: false, headerSignals: [{ kind, level, raw: `${kind}=${level}` }] },
});
const virus = { type: 'VIRUS_SCAN' as const, intercept: 'DELETE' as const };
const spamRule = { type: 'SPAM_FILTERING' as const };

describe('malware', () => {
  it('the EICAR signal of an attachment matches, naming it; threat type Malware', () => {
    const eicar = attachment({ filename: 'eicar.zip', malware: { name: 'Eicar_test_file', where: 'eicar.zip › eicar.com' } });
    const r = criterion([{ type: 'MALWARE' }], facts({ attachments: [attachment({ index: 1, partPath: '1.3' }), eicar] }), {}, virus);
    expect(r.result).toMatchObject({ matched: true, evidence: [{ code: 'MALWARE_FOUND', params: { malware: 'Eicar_test_file' } }] });
    expect(r.verdict.action).toBe('DELETE');
    expect(r.verdict.policyEvents[0]).toMatchObject({ threatType: 'MALWARE', threatName: 'Eicar_test_file', actions: ['DELETE'] });
  });
  it('no signal: not matched', () => {
    expect(criterion([{ type: 'MALWARE' }], facts({ attachments: [attachment()] }), {}, virus).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'NO_MALWARE' }],
    });
  });
});

describe('spam filtering levels', () => {
  const at = (threat: 'SPAM' | 'BEC' | 'BEC_WRITING_STYLE' | 'PHISHING' | 'GRAYMAIL', level: DetectionLevel) => [
    { type: 'SPAM' as const, threat, level },
  ];

  it('GTUBE is spam at every catch rate', () => {
    const r = criterion(at('SPAM', 'LOWEST'), facts({ signals: { gtube: true, headerSignals: [] } }), {}, spamRule);
    expect(r.result).toMatchObject({ matched: true, evidence: [{ code: 'GTUBE_FOUND' }] });
    expect(r.verdict.quarantine?.reason).toBe('Spam');
  });

  it('signal level + rule level must reach HIGHEST: moderately-high is caught at MODERATELY_LOW, low is not', () => {
    expect(criterion(at('SPAM', 'MODERATELY_LOW'), facts(signal('spam', 'moderately-high')), {}, spamRule).result).toMatchObject({
      matched: true,
      evidence: [{ code: 'SIGNAL_MATCHED', params: { kind: 'SPAM', level: 'MODERATELY_HIGH', ruleLevel: 'MODERATELY_LOW' } }],
    });
    expect(criterion(at('SPAM', 'MODERATELY_LOW'), facts(signal('spam', 'low')), {}, spamRule).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'SIGNAL_BELOW_LEVEL' }],
    });
    expect(criterion(at('SPAM', 'HIGHEST'), facts(signal('spam', 'lowest')), {}, spamRule).result.matched).toBe(true);
    expect(criterion(at('SPAM', 'LOWEST'), facts(signal('spam', 'high')), {}, spamRule).result.matched).toBe(false);
    expect(criterion(at('SPAM', 'LOWEST'), facts(signal('spam')), {}, spamRule).result.matched).toBe(true);
  });

  it('each threat answers its own signal kind and reports its threat type', () => {
    for (const [threat, kind, type] of [
      ['BEC', 'bec', 'BEC'],
      ['BEC_WRITING_STYLE', 'bec-writing-style', 'BEC'],
      ['PHISHING', 'Phishing', 'PHISHING'],
      ['GRAYMAIL', 'graymail', 'GRAYMAIL'],
    ] as const) {
      const r = criterion(at(threat, 'MODERATELY_LOW'), facts(signal(kind, 'high')), {}, spamRule);
      expect(r.verdict.policyEvents[0]?.threatType, threat).toBe(type);
      expect(criterion(at(threat, 'MODERATELY_LOW'), facts(signal('spam', 'high')), {}, spamRule).result.matched, threat).toBe(false);
    }
  });

  it('an unknown level is ignored', () => {
    expect(criterion(at('SPAM', 'HIGHEST'), facts(signal('spam', 'very')), {}, spamRule).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'SIGNAL_LEVEL_UNKNOWN' }],
    });
  });

  it('web reputation and Correlated Intelligence', () => {
    const wr = criterion(
      [{ type: 'WEB_REPUTATION', level: 'MODERATELY_HIGH' }],
      facts(signal('web-reputation', 'moderately-low')),
      {},
      spamRule,
    );
    expect(wr.verdict.policyEvents[0]).toMatchObject({ threatType: 'WEB_REPUTATION' });
    expect(wr.verdict.quarantine?.reason).toBe('Web Reputation');
    const ci = criterion([{ type: 'CORRELATED_INTELLIGENCE' }], facts(signal('anomaly')), {}, { type: 'CORRELATED_INTELLIGENCE' });
    expect(ci.verdict.quarantine?.reason).toBe('Anomaly');
    expect(criterion([{ type: 'CORRELATED_INTELLIGENCE' }], facts(), {}, { type: 'CORRELATED_INTELLIGENCE' }).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'SIGNAL_ABSENT', params: { kind: 'ANOMALY' } }],
    });
  });
});

describe('DLP', () => {
  const objects: Partial<PolicySpec> = {
    dlpTemplates: [
      { id: 'tpl', name: '顧客番号', predefined: false, identifiers: ['Customer No', 'Big files', 'Nowhere'] },
      { id: 'pre', name: 'Japan: My Number', predefined: true, identifiers: [] },
    ],
    dlpIdentifiers: [
      { name: 'Customer No', kind: 'EXPRESSION' as const, definition: { text: 'CUST-{D}{6}' } },
      { name: 'Big files', kind: 'FILE_ATTRIBUTE' as const, definition: { minSizeKB: '1024' } },
    ],
  };
  const dlp = { type: 'DLP' as const };

  it('an expression identifier matches text in the body or an attachment; threat Data Loss Prevention', () => {
    const r = criterion(
      [{ type: 'DLP', templateIds: ['tpl'], predefinedTemplates: [] }],
      facts({ bodyText: 'Order for CUST-123456 shipped' }),
      objects,
      dlp,
    );
    expect(r.result.matched).toBe(true);
    expect(r.result.evidence).toContainEqual({
      code: 'DLP_MATCHED',
      params: { template: '顧客番号', identifier: 'Customer No', text: 'CUST-123456', where: 'BODY', field: '' },
    });
    expect(r.result.evidence).toContainEqual({ code: 'DLP_IDENTIFIER_MISSING', params: { template: '顧客番号', identifier: 'Nowhere' } });
    expect(r.verdict.quarantine?.reason).toBe('Data Loss Prevention');
  });

  it('a file attribute identifier matches an attachment of at least minSizeKB', () => {
    const f = facts({ attachments: [attachment({ sizeBytes: 1024 * 1024 })] });
    expect(criterion([{ type: 'DLP', templateIds: ['tpl'], predefinedTemplates: [] }], f, objects, dlp).result.evidence).toContainEqual(
      expect.objectContaining({ code: 'DLP_FILE_SIZE_MATCHED' }),
    );
    const small = facts({ attachments: [attachment({ sizeBytes: 1024 * 1024 - 1 })] });
    expect(criterion([{ type: 'DLP', templateIds: ['tpl'], predefinedTemplates: [] }], small, objects, dlp).result.matched).toBe(false);
  });

  it('predefined templates are not emulated and never match', () => {
    const r = criterion(
      [{ type: 'DLP', templateIds: ['pre'], predefinedTemplates: ['All: Credit card'] }],
      facts({ bodyText: '4111 1111 1111 1111' }),
      objects,
      dlp,
    );
    expect(r.result.matched).toBe(false);
    expect(r.result.evidence.map((e) => e.code)).toEqual(['DLP_PREDEFINED_NOT_EMULATED', 'DLP_PREDEFINED_NOT_EMULATED']);
  });
});
