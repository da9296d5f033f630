// The words of the policy list screen's "Action" column (処理), in English and Japanese,
// for every client (GraphQL, reports, the relay's verdict trace). Pure.
import type { InterceptAction } from '../db/enums.js';
import type { Locale } from '../platform/errors.js';
import type { ActionType } from './rule-input.js';

type Label = Record<Locale, string>;

export const INTERCEPT_LABELS: Record<InterceptAction, Label> = {
  NONE: { en: 'Do not intercept', ja: '処理なし' },
  DELETE: { en: 'Delete', ja: '削除' },
  DELIVER_NOW: { en: 'Deliver now', ja: '今すぐ配信' },
  QUARANTINE: { en: 'Quarantine', ja: '隔離' },
  CHANGE_RECIPIENT: { en: 'Change recipient', ja: '受信者の変更' },
};

export const ACTION_LABELS: Record<ActionType, Label> = {
  INSERT_X_HEADER: { en: 'X-Header', ja: 'X ヘッダの挿入' },
  INSERT_STAMP: { en: 'Stamp', ja: 'スタンプ' },
  TAG_SUBJECT: { en: 'Tag subject', ja: '件名にタグを付加' },
  DELETE_ATTACHMENTS: { en: 'Delete attachments', ja: '添付ファイルの削除' },
  SANITIZE: { en: 'Sanitize', ja: 'サニタイズ' },
  CLEAN_MALWARE: { en: 'Clean', ja: '駆除' },
  ENCRYPT: { en: 'Encrypt', ja: '暗号化' },
  NOTIFY: { en: 'Notification', ja: '通知' },
  BCC: { en: 'BCC', ja: 'BCC' },
};

/** "Quarantine, Tag subject, Notification" / 「隔離、件名にタグを付加、通知」. */
export function actionSummary(intercept: InterceptAction, actions: readonly { type: ActionType }[], locale: Locale): string {
  const parts = [INTERCEPT_LABELS[intercept][locale], ...actions.map((a) => ACTION_LABELS[a.type][locale])];
  return parts.join(locale === 'ja' ? '、' : ', ');
}
