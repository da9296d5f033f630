// policy/approved-lists.xml (§7), sender-filtering.xml (§8) and admin/dkim-signatures.xml
// (§9). Clean mode: public IPv4 only, permanent blocks only, enabled lists, the approved
// list applied to Email Reputation and IP Profiler, no DKIM/DMARC settings whose matching
// changes in CEGP (those are case instances).
import type { CaseFragments } from './cases.js';
import type { GenContext } from './context.js';
import type { Rng } from './random.js';
import { attrs, esc } from './xml.js';

export function buildApprovedLists(ctx: GenContext, cases: CaseFragments | undefined): string[] {
  const d0 = ctx.managed[0]!;
  return [
    '<approvedLists>',
    ...(cases ? cases.dkimApproved : []),
    '  <webReputationApproved>',
    `    <url>https://intranet.${esc(d0)}/*</url>`,
    ...ctx.managed.map((d) => `    <url>https://www.${esc(d)}/*</url>`),
    '    <url>https://portal.partner.example/*</url>',
    '  </webReputationApproved>',
    '  <urlKeywords><keyword>download</keyword><keyword>sharepoint</keyword><keyword>workflow</keyword></urlKeywords>',
    '</approvedLists>',
  ];
}

/**
 * First octets that are never private, loopback, link-local, shared (100.64/10),
 * multicast or reserved, so every generated address is public.
 */
const PUBLIC_FIRST_OCTETS = Array.from({ length: 223 }, (_, i) => i + 1).filter((o) => ![10, 100, 127, 169, 172, 192].includes(o));

function publicEntry(rng: Rng, seen: Set<string>): { tag: 'ip' | 'cidr'; value: string } {
  for (;;) {
    const [a, b, c] = [rng.pick(PUBLIC_FIRST_OCTETS), rng.int(256), rng.int(256)];
    const entry = rng.chance(0.2)
      ? { tag: 'cidr' as const, value: rng.chance(0.5) ? `${a}.${b}.${c}.0/24` : `${a}.${b}.${c}.${16 * rng.int(16)}/28` }
      : { tag: 'ip' as const, value: `${a}.${b}.${c}.${rng.between(1, 254)}` };
    if (!seen.has(entry.value)) {
      seen.add(entry.value);
      return entry;
    }
  }
}

export function buildSenderFiltering(ctx: GenContext, cases: CaseFragments | undefined): string[] {
  const { rng, opts } = ctx;
  const seen = new Set<string>();
  const approvedCount = Math.round(opts.ipEntries * 0.4);
  const blockedCount = opts.ipEntries - approvedCount;

  const approvedAttrs = cases?.approvedListAttrs ?? {
    enabled: true,
    // IMSS has no "Apply to: Email Reputation and IP Profiler" choice (domain notes §5).
    applyToErsIpProfiler: opts.product === 'IMSVA' ? true : undefined,
  };
  const xml: string[] = ['<senderFiltering>', `  <approvedList${attrs(approvedAttrs)}>`];
  let remaining = approvedCount;
  let groupNo = 0;
  while (remaining > 0) {
    if (remaining >= 2 && rng.chance(0.15)) {
      const size = Math.min(remaining, rng.between(2, 5));
      const members: string[] = [];
      for (let k = 0; k < size; k++) {
        const e = publicEntry(rng, seen);
        members.push(`<${e.tag}>${e.value}</${e.tag}>`);
      }
      xml.push(
        `    <computerGroup name="${esc(ctx.t('取引先サーバー', 'partner servers'))} ${++groupNo}">${members.join('')}</computerGroup>`,
      );
      remaining -= size;
    } else {
      const e = publicEntry(rng, seen);
      xml.push(`    <${e.tag}>${e.value}</${e.tag}>`);
      remaining -= 1;
    }
  }
  if (cases) xml.push(...cases.approvedEntries);
  xml.push('  </approvedList>');

  xml.push(`  <blockedList${attrs(cases?.blockedListAttrs ?? { enabled: true })}>`);
  for (let k = 0; k < blockedCount; k++) {
    const e = publicEntry(rng, seen);
    xml.push(`    <entry action="blockPermanently"><${e.tag}>${e.value}</${e.tag}></entry>`);
  }
  if (cases) xml.push(...cases.blockedEntries);
  xml.push('  </blockedList>');

  if (cases) xml.push(...cases.dmarc);
  // Sender-filtering rules, suspicious IP and overview are never migrated (domain notes §6),
  // but every real export has them.
  if (cases) xml.push('  <!-- case:AREA_NOT_MIGRATED -->');
  xml.push('  <rules count="3"/>', '  <suspiciousIp enabled="true"/>', '  <overview/>', '</senderFiltering>');
  return xml;
}

/** DKIM signing is an IMSVA feature only; one signature per managed domain. */
export function buildDkimSignatures(ctx: GenContext, cases: CaseFragments | undefined): string[] {
  const xml = ['<dkimSignatures>'];
  ctx.managed.forEach((domain, i) => {
    const a = attrs({
      domain,
      selector: i === 0 ? 'imsva' : `imsva${i + 1}`,
      keyBits: 2048,
      headerCanon: 'relaxed',
      bodyCanon: i === 0 ? 'relaxed' : 'simple',
    });
    const exempt = i === 0 && cases ? cases.dkimExempt : [];
    if (exempt.length === 0) xml.push(`  <signature${a}/>`);
    else xml.push(`  <signature${a}>`, ...exempt, '  </signature>');
  });
  xml.push('</dkimSignatures>');
  return xml;
}
