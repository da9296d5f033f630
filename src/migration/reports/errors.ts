import { defineErrors } from '../../platform/errors.js';

/** Answers of the PDF download (HTTP, JSON `{ code, error }`); REPORT_NOT_FOUND is migration's. */
export const reportErrors = defineErrors({
  REPORT_LINK_REQUIRED: {
    en: "Open the report with the signed downloadUrl from the API, or send the X-Tenant-Id header of the report's tenant.",
    ja: 'API の downloadUrl (署名付きリンク) を使うか、レポートのテナントの X-Tenant-Id ヘッダーを送信してください。',
  },
  REPORT_LINK_INVALID: {
    en: 'This download link is not valid (it was changed, or signed by another server); ask the API for a new downloadUrl.',
    ja: 'このダウンロードリンクは無効です (変更されたか、別のサーバーが署名したリンクです)。API から新しい downloadUrl を取得してください。',
  },
  REPORT_LINK_EXPIRED: {
    en: 'This download link expired at {expiredAt} (links work for {minutes} minutes); ask the API for a new downloadUrl.',
    ja: 'このダウンロードリンクは {expiredAt} に期限切れになりました (リンクの有効期間は {minutes} 分です)。API から新しい downloadUrl を取得してください。',
  },
  REPORT_EXPIRED: {
    en: 'This report expired on {expiredAt} (reports are kept for 90 days).',
    ja: 'このレポートは {expiredAt} に期限切れになりました (レポートの保存期間は 90 日です)。',
  },
  REPORT_LANG_INVALID: {
    en: 'lang must be ja or en, not "{lang}".',
    ja: 'lang には ja または en を指定してください (指定値: "{lang}")。',
  },
  REPORT_METHOD_NOT_ALLOWED: {
    en: 'Use GET (or HEAD) to download a report.',
    ja: 'レポートのダウンロードには GET (または HEAD) を使用してください。',
  },
  REPORT_BUSY: {
    en: 'Too many reports are being prepared right now; try again in a minute.',
    ja: '現在、多数のレポートを作成中です。1 分ほど待ってから再度お試しください。',
  },
  REPORT_RENDER_FAILED: {
    en: 'The report could not be prepared; try again, and tell the operator if it keeps failing.',
    ja: 'レポートを作成できませんでした。再度お試しください。解決しない場合は管理者に連絡してください。',
  },
});
