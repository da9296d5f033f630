// Pure. A rule's route for one group of recipients, as trace evidence: which entry put the
// sender and the recipient in it, or why not, and which exception pair excepted them. The
// verdict itself comes from route-match.ts (routeVerdict, addressInRoute: the one matcher);
// this file only names the entry, by asking the same matcher about one entry at a time.
import { addressInRoute, matchingException, routeVerdict, type RouteDirectory, type RouteVerdict } from '../route-match.js';
import type { RouteEntry, RouteException, RouteSpec } from '../rule.js';
import { evidence } from './evidence-messages.js';
import type { Evidence, TraceOutcome } from './verdict.js';

export interface RouteRule {
  senders: RouteSpec;
  recipients: RouteSpec;
  exceptions: readonly RouteException[];
}

function entryLabel(e: RouteEntry, groupNames: ReadonlyMap<string, string>): string {
  switch (e.type) {
    case 'ADDRESS':
      return e.value;
    case 'DOMAIN':
      return e.domain;
    case 'ADDRESS_GROUP':
      return `group "${groupNames.get(e.groupId) ?? e.groupId}"`;
    case 'DIRECTORY_GROUP':
      return e.dn;
  }
}

/** The first entry of the route that covers the address, as a label ("Anyone", "*@example.com"…). */
export function coveringEntry(route: RouteSpec, address: string, dir: RouteDirectory, groupNames: ReadonlyMap<string, string>): string {
  if (route.kind === 'ANYONE') return 'Anyone';
  if (route.kind === 'MY_ORGANIZATION') return 'My organization';
  if (route.entries.length === 0) return 'Anyone';
  const e = route.entries.find((x) => addressInRoute({ kind: 'SPECIFIED', entries: [x] }, address, dir));
  return e ? entryLabel(e, groupNames) : '-';
}

/** Per recipient: does the rule apply (routeVerdict), the sender checked once for all. */
export function routeVerdicts(rule: RouteRule, sender: string, recipients: readonly string[], dir: RouteDirectory): RouteVerdict[] {
  if (!addressInRoute(rule.senders, sender, dir)) return recipients.map(() => ({ applies: false, reason: 'SENDER_NOT_IN_ROUTE' }));
  return recipients.map((r) => routeVerdict(rule, sender, r, dir));
}

/** The route evidence and outcome for one group of recipients that share whether the rule applies. */
export function routeEvidence(
  rule: RouteRule,
  sender: string,
  recipients: readonly string[],
  verdicts: readonly RouteVerdict[],
  dir: RouteDirectory,
  groupNames: ReadonlyMap<string, string>,
): { applies: boolean; outcome: TraceOutcome | null; evidence: Evidence[] } {
  const first = verdicts[0];
  const shown = sender === '' ? '<>' : sender;
  if (!first || first.applies) {
    const r = recipients[0] ?? '';
    return {
      applies: true,
      outcome: null,
      evidence: [
        evidence('ROUTE_SENDER_IN', { address: shown, entry: coveringEntry(rule.senders, sender, dir, groupNames) }),
        evidence('ROUTE_RECIPIENT_IN', { address: r, entry: coveringEntry(rule.recipients, r, dir, groupNames) }),
      ],
    };
  }
  if (first.reason === 'SENDER_NOT_IN_ROUTE')
    return { applies: false, outcome: 'NOT_IN_ROUTE', evidence: [evidence('ROUTE_SENDER_NOT_IN', { address: shown })] };
  const ev: Evidence[] = [];
  const notIn = recipients.filter(
    (_, i) => verdicts[i]?.applies === false && (verdicts[i] as { reason: string }).reason === 'RECIPIENT_NOT_IN_ROUTE',
  );
  if (notIn.length) ev.push(evidence('ROUTE_RECIPIENT_NOT_IN', { address: notIn[0]!, count: notIn.length }));
  const excepted = recipients.filter((_, i) => (verdicts[i] as { reason?: string }).reason === 'EXCEPTED');
  if (excepted.length) {
    const r = excepted[0]!;
    const index = matchingException(rule.exceptions, sender, r, dir);
    const x = rule.exceptions[index];
    ev.push(
      evidence('ROUTE_EXCEPTED', {
        sender: shown,
        recipient: r,
        exception: index + 1,
        senderEntry: x ? coveringEntry(x.sender, sender, dir, groupNames) : '-',
        recipientEntry: x ? coveringEntry(x.recipient, r, dir, groupNames) : '-',
        count: excepted.length,
      }),
    );
  }
  return { applies: false, outcome: notIn.length ? 'NOT_IN_ROUTE' : 'EXCEPTED', evidence: ev };
}
