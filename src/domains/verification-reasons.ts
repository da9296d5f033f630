// Why a verification did not verify, from its look-ups (domain.ts judges each one): a code
// per method and result, with what was expected and what the resolver answered, in English
// and Japanese. Pure. The codes are part of the public contract (the GraphQL enum
// DomainVerificationReasonCode): add, never rename.
import type { VerificationMethod, VerificationResult } from '../db/enums.js';
import { render, type MessageTemplate } from '../platform/errors.js';
import type { CheckVerdict } from './domain.js';

const REASONS = {
  VERIFICATION_TXT_NOT_FOUND: {
    en: 'No TXT record "{expected}" was found for {domain} (the resolver answered: {found}). Publish the TXT record of verificationRecord, then verify again.',
    ja: '{domain} に TXT レコード「{expected}」が見つかりません (リゾルバーの応答: {found})。verificationRecord の TXT レコードを公開してから、もう一度確認してください。',
  },
  VERIFICATION_TXT_MISMATCH: {
    en: '{domain} has a tmes= TXT record, but not the one of this domain: expected "{expected}", found {found}. Replace it with the value of verificationRecord.',
    ja: '{domain} には tmes= の TXT レコードがありますが、このドメインの値ではありません (期待値:「{expected}」、実際の値: {found})。verificationRecord の値に置き換えてください。',
  },
  VERIFICATION_MX_NOT_FOUND: {
    en: 'No MX record was found for {domain} (the resolver answered: {found}), so the alternative MX record {expected} is missing too.',
    ja: '{domain} に MX レコードが見つからないため (リゾルバーの応答: {found})、代替の MX レコード {expected} もありません。',
  },
  VERIFICATION_MX_MISMATCH: {
    en: 'The MX records of {domain} ({found}) do not include {expected}. If you cannot add the TXT record, add alternativeMxRecord with a numerically higher preference than your own MX.',
    ja: '{domain} の MX レコード ({found}) に {expected} が含まれていません。TXT レコードを追加できない場合は、alternativeMxRecord を現在の MX より大きい優先度の値で追加してください。',
  },
  VERIFICATION_RESOLVER_ERROR: {
    en: 'The DNS resolver {resolver} did not answer the {method} look-up for {domain} ({found}). Try again, or check DNS_RESOLVER.',
    ja: 'DNS リゾルバー {resolver} から {domain} の {method} レコードの応答がありません ({found})。再試行するか、DNS_RESOLVER の設定を確認してください。',
  },
} as const satisfies Record<string, MessageTemplate>;

export type VerificationReasonCode = keyof typeof REASONS;

export const VERIFICATION_REASON_CODES = Object.keys(REASONS) as VerificationReasonCode[];

export interface VerificationReason {
  code: VerificationReasonCode;
  method: VerificationMethod;
  result: Exclude<VerificationResult, 'VERIFIED'>;
  expected: string;
  /** What the resolver answered: one entry per record, or NXDOMAIN / NODATA / REFUSED / an error code. */
  found: string[];
  message: string;
  messageJa: string;
}

const NEGATIVE_ANSWERS = new Set(['NXDOMAIN', 'NODATA', 'REFUSED']);

function codeOf(method: VerificationMethod, result: Exclude<VerificationResult, 'VERIFIED'>): VerificationReasonCode {
  if (result === 'RESOLVER_ERROR') return 'VERIFICATION_RESOLVER_ERROR';
  return `VERIFICATION_${method}_${result}`;
}

/**
 * One reason per look-up of a verification that did not verify, in the order they were made
 * (TXT, then the alternative MX); none once a look-up verified.
 */
export function verificationReasonsOf(domainName: string, resolver: string, verdicts: readonly CheckVerdict[]): VerificationReason[] {
  if (verdicts.some((v) => v.result === 'VERIFIED')) return [];
  return verdicts.flatMap((v) => {
    if (v.result === 'VERIFIED') return [];
    const code = codeOf(v.method, v.result);
    // Records are quoted; NXDOMAIN, NODATA, REFUSED and resolver error codes are not.
    const quote = v.result !== 'RESOLVER_ERROR' && !(v.answer.length === 1 && NEGATIVE_ANSWERS.has(v.answer[0]!));
    const found = v.answer.length ? v.answer.map((a) => (quote ? `"${a}"` : a)).join(', ') : '-';
    const params = { domain: domainName, expected: v.expected, found, resolver, method: v.method };
    return [
      {
        code,
        method: v.method,
        result: v.result,
        expected: v.expected,
        found: v.answer,
        message: render(REASONS[code], params, 'en'),
        messageJa: render(REASONS[code], params, 'ja'),
      },
    ];
  });
}
