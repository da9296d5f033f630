// Pure. The criteria of the other policy types, fired by deterministic test signals instead
// of scan engines (README "Test your policies"):
// - MALWARE ← an attachment's malware signal (the EICAR test file, also inside a ZIP, found
//   by the parser);
// - SPAM (threat SPAM) ← GTUBE in the message, or an X-Rehearsal-Signal `spam`;
//   SPAM (BEC, BEC_WRITING_STYLE, PHISHING, GRAYMAIL) ← a signal of that kind;
//   WEB_REPUTATION ← `web-reputation`; CORRELATED_INTELLIGENCE ← `anomaly` (or `ci`).
// Levels: a signal's level is how strongly the message shows the threat (LOWEST … HIGHEST);
// a rule's catch rate (spam) or security level (web reputation) is how weak a sign it
// still acts on. A rule catches the signal when the two together reach HIGHEST:
//   fires ⇔ rank(signal level) ≥ rank(HIGHEST) − rank(rule level)   (ranks LOWEST 0 … HIGHEST 5)
// So the default spam rule (MODERATELY_LOW, 2) catches `spam=moderately-high` (3), `high`
// and `highest`, not `spam=low`; a HIGHEST rule catches every signal, a LOWEST rule only
// `highest`. A signal without a level (and GTUBE) reads as HIGHEST: caught at every level.
// An unknown level is ignored (SIGNAL_LEVEL_UNKNOWN). CI rules have no level: any signal.
import { DETECTION_LEVELS, detectionLevelOf, type Criterion, type DetectionLevel } from '../rule.js';
import { outcome, type CriterionContext, type CriterionOutcome } from './criterion-outcome.js';
import { evidence } from './evidence-messages.js';
import type { Evidence } from './verdict.js';

const rank = (l: DetectionLevel) => DETECTION_LEVELS.indexOf(l);
/** `web-reputation`, `Web Reputation` → WEB_REPUTATION. */
export const signalKindOf = (kind: string) =>
  kind
    .trim()
    .toUpperCase()
    .replace(/[-\s]+/g, '_');
const KIND_ALIASES: Record<string, string> = { CI: 'ANOMALY', CORRELATED_INTELLIGENCE: 'ANOMALY' };

function signalCriterion(
  type: Criterion['type'],
  kind: string,
  ruleLevel: DetectionLevel | null,
  ctx: CriterionContext,
  extra: Evidence[] = [],
) {
  const ev: Evidence[] = [...extra];
  let matched = extra.length > 0;
  const signals = ctx.facts.signals.headerSignals.filter((s) => {
    const k = signalKindOf(s.kind);
    return (KIND_ALIASES[k] ?? k) === kind;
  });
  for (const s of signals) {
    const level = s.level === null || s.level.trim() === '' ? 'HIGHEST' : detectionLevelOf(s.level);
    if (level === null) {
      ev.push(evidence('SIGNAL_LEVEL_UNKNOWN', { kind, level: s.level ?? '' }));
      continue;
    }
    const fires = ruleLevel === null || rank(level) >= rank('HIGHEST') - rank(ruleLevel);
    ev.push(evidence(fires ? 'SIGNAL_MATCHED' : 'SIGNAL_BELOW_LEVEL', { kind, level, ruleLevel: ruleLevel ?? '-' }));
    if (fires) matched = true;
  }
  if (ev.length === 0) ev.push(evidence('SIGNAL_ABSENT', { kind }));
  return outcome(type, matched, ev, null, matched ? kind : null);
}

export function evaluateSignalCriterion(
  c: Extract<Criterion, { type: 'MALWARE' | 'SPAM' | 'WEB_REPUTATION' | 'CORRELATED_INTELLIGENCE' }>,
  ctx: CriterionContext,
): CriterionOutcome {
  if (c.type === 'MALWARE') {
    const ev: Evidence[] = [];
    const hits: string[] = [];
    let name: string | null = null;
    for (const a of ctx.facts.attachments.slice(0, ctx.meter.limits.attachmentsExamined)) {
      if (!a.malware) continue;
      hits.push(a.partPath);
      name ??= a.malware.name;
      ev.push(evidence('MALWARE_FOUND', { name: a.filename ?? `#${a.index + 1}`, malware: a.malware.name, where: a.malware.where }));
    }
    if (hits.length === 0) ev.push(evidence('NO_MALWARE'));
    return outcome(c.type, hits.length > 0, ev, hits, name);
  }
  if (c.type === 'SPAM') {
    const gtube = c.threat === 'SPAM' && ctx.facts.signals.gtube ? [evidence('GTUBE_FOUND')] : [];
    const r = signalCriterion(c.type, c.threat, c.level, ctx, gtube);
    if (gtube.length) r.threatName ??= 'GTUBE';
    return r;
  }
  if (c.type === 'WEB_REPUTATION') return signalCriterion(c.type, 'WEB_REPUTATION', c.level, ctx);
  return signalCriterion(c.type, 'ANOMALY', null, ctx);
}
