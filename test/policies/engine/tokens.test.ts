// Tokens of stamps and notifications (§5 "Tokens"): every token with a value here is
// expanded; unknown and unfilled ones stay as written; %HEADERS% only where §5 allows it.
import { describe, expect, it } from 'vitest';
import { expandTokens, formatDateTime, type TokenContext } from '../../../src/policies/engine/tokens.js';
import { attachment, facts, NOW } from '../../support/engine-builders.js';

const ctx: TokenContext = {
  facts: facts({ sender: '', sizeBytes: 5000, attachments: [attachment({ sizeBytes: 100 }), attachment({ index: 1, sizeBytes: 23 })] }),
  mailId: 'mail-42',
  now: NOW,
  recipients: ['bob@example.co.jp', 'carol@example.co.jp'],
  ruleName: 'Organization: Virus',
  policyType: 'VIRUS_SCAN',
  detected: 'Eicar_test_file',
  fileNames: ['eicar.com'],
  terminalAction: 'Quarantined',
  actions: ['Subject tagged', 'Notification sent'],
  virusName: 'Eicar_test_file',
  virusAction: 'Quarantined',
};

describe('expandTokens', () => {
  it('fills every token that has a meaning for this message', () => {
    const all =
      '%SENDER%|%HEADER_SENDER%|%RCPTS%|%SUBJECT%|%DATE&TIME%|%MAILID%|%RULENAME%|%RULETYPE%|%DETECTED%|%FILENAME%|%DEF_CHARSET%|%MSG_SIZE%|%ATTACH_SIZE%|%ATTACH_COUNT%|%TACTION%|%ACTION%|%VIRUSNAME%|%VIRUSACTION%';
    expect(expandTokens(all, ctx, { headers: false }).split('|')).toEqual([
      '<>',
      'alice@partner.example',
      'bob@example.co.jp, carol@example.co.jp',
      'Quarterly report',
      '2026-12-01 09:30:05 UTC+00:00',
      'mail-42',
      'Organization: Virus',
      'Virus Scan',
      'Eicar_test_file',
      'eicar.com',
      'UTF-8',
      '5000',
      '123',
      '2',
      'Quarantined',
      'Subject tagged, Notification sent',
      'Eicar_test_file',
      'Quarantined',
    ]);
  });

  it('leaves unknown and unfilled tokens, and a lone %, as written; never expands a value again', () => {
    expect(expandTokens('%SPFRESULT% %NOPE% 100% %HPU_DENIED_URL%', ctx, { headers: false })).toBe(
      '%SPFRESULT% %NOPE% 100% %HPU_DENIED_URL%',
    );
    const tricky = { ...ctx, facts: facts({ subject: '%MAILID%' }) };
    expect(expandTokens('%SUBJECT%', tricky, { headers: false })).toBe('%MAILID%');
  });

  it('%HEADERS% in stamps and notification bodies only', () => {
    expect(expandTokens('%HEADERS%', ctx, { headers: true })).toBe('from: Alice <alice@partner.example>\nsubject: Quarterly report');
    expect(expandTokens('%HEADERS%', ctx, { headers: false })).toBe('%HEADERS%');
  });

  it('dates in UTC+0', () => {
    expect(formatDateTime(new Date('2026-01-02T03:04:05+09:00'))).toBe('2026-01-01 18:04:05 UTC+00:00');
  });
});
