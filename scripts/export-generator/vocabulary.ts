// Names and texts for generated settings, in Japanese or English. Every Japanese string is
// representable in JIS X 0208, so Shift_JIS and EUC-JP members round-trip exactly.

export interface Vocabulary {
  departments: readonly string[];
  /** Romanised department slug for addresses, same order as departments. */
  departmentSlugs: readonly string[];
  partnerGroupName: (partner: string) => string;
  groupDescription: (department: string) => string;
  partnerDescription: string;
  ruleThemes: Record<RuleKind, readonly string[]>;
  keywordListNames: readonly string[];
  /** Words and phrases for keyword expressions (no regex metacharacters). */
  keywords: readonly string[];
  /** Suffixes for `word{WSP}?(a|b)` expressions. */
  versionSuffixes: readonly [string, string];
  tagSubject: readonly string[];
  expressionDescription: string;
}

export type RuleKind = 'content' | 'attachment' | 'size' | 'virus' | 'spam' | 'dlp';

export const SURNAMES = [
  'sato',
  'suzuki',
  'takahashi',
  'tanaka',
  'watanabe',
  'ito',
  'yamamoto',
  'nakamura',
  'kobayashi',
  'kato',
  'yoshida',
  'yamada',
  'sasaki',
  'yamaguchi',
  'matsumoto',
  'inoue',
  'kimura',
  'hayashi',
  'shimizu',
  'mori',
] as const;

export const GIVEN_NAMES = [
  'taro',
  'hanako',
  'ichiro',
  'yuki',
  'kenji',
  'akiko',
  'hiroshi',
  'naoko',
  'takashi',
  'yumi',
  'daisuke',
  'emi',
  'shota',
  'misaki',
  'ryo',
  'aya',
] as const;

/** External organisations: all under the reserved `.example` TLD (RFC 2606). */
export const PARTNER_DOMAINS = [
  'partner.example',
  'torihikisaki.example',
  'supplier.example',
  'logistics.example',
  'customer.example',
  'agency.example',
  'law-office.example',
  'cloud-vendor.example',
] as const;

/** ASCII tokens for `.REG.` and `\b…\b` expressions. */
export const ASCII_TOKENS = ['CONFIDENTIAL', 'SECRET', 'INTERNAL', 'PROJECT', 'INVOICE', 'CONTRACT', 'PAYROLL', 'AUDIT'] as const;

export const SPAM_LEVELS = ['low', 'moderately-low', 'moderately-high', 'high'] as const;

const DEPARTMENT_SLUGS = [
  'sales',
  'keiri',
  'jinji',
  'soumu',
  'dev',
  'jousys',
  'houmu',
  'kouhou',
  'kobai',
  'hinshitsu',
  'kikaku',
  'support',
] as const;

const JA: Vocabulary = {
  departments: [
    '営業部',
    '経理部',
    '人事部',
    '総務部',
    '開発部',
    '情報システム部',
    '法務部',
    '広報部',
    '購買部',
    '品質保証部',
    '経営企画部',
    'カスタマーサポート部',
  ],
  departmentSlugs: DEPARTMENT_SLUGS,
  partnerGroupName: (p) => `取引先 ${p}`,
  groupDescription: (d) => `${d}の所属メンバー`,
  partnerDescription: '社外の取引先アドレス',
  ruleThemes: {
    content: [
      '機密情報の送信監視',
      '社外秘キーワードの検出',
      '不審なヘッダーの検出',
      '件名なしメールの確認',
      '送信元詐称の疑いがあるメール',
    ],
    attachment: [
      '添付ファイル制限',
      '実行ファイルのブロック',
      '大容量添付ファイルの隔離',
      'パスワード付きファイルの確認',
      'マクロ付き文書の無害化',
    ],
    size: ['大容量メールの制限', '宛先数の多いメールの確認'],
    virus: ['ウイルス対策', 'マルウェアの駆除'],
    spam: ['スパムメール対策', '危険なURLを含むメールの隔離'],
    dlp: ['個人情報の外部送信監視', '顧客番号の送信監視'],
  },
  keywordListNames: ['機密情報', '個人情報', '社外秘文書', '金融情報', '人事情報', '技術情報', '契約関連', '請求関連'],
  keywords: [
    '機密',
    '社外秘',
    '極秘',
    '取扱注意',
    '関係者外秘',
    '部外秘',
    '個人情報',
    '顧客情報',
    '給与明細',
    '人事評価',
    '見積書',
    '請求書',
    '契約書',
    '設計書',
    '仕様書',
    'パスワード',
    '口座番号',
    '内部監査',
    '未公開情報',
    'R&D',
  ],
  versionSuffixes: ['案', '版'],
  tagSubject: ['[注意]', '[社外]', '[要確認]', '[機密]', '[SPAM]'],
  expressionDescription: '社内規程に基づく検出語',
};

const EN: Vocabulary = {
  departments: [
    'Sales',
    'Finance',
    'Human Resources',
    'General Affairs',
    'Engineering',
    'IT',
    'Legal',
    'Public Relations',
    'Purchasing',
    'Quality Assurance',
    'Corporate Planning',
    'Customer Support',
  ],
  departmentSlugs: DEPARTMENT_SLUGS,
  partnerGroupName: (p) => `Partner ${p}`,
  groupDescription: (d) => `Members of ${d}`,
  partnerDescription: 'External partner addresses',
  ruleThemes: {
    content: [
      'Confidential content monitoring',
      'Internal-only keyword detection',
      'Suspicious header detection',
      'Blank subject check',
      'Possible sender spoofing',
    ],
    attachment: [
      'Attachment restriction',
      'Block executables',
      'Quarantine large attachments',
      'Password-protected file check',
      'Sanitize macro documents',
    ],
    size: ['Large message limit', 'Many recipients check'],
    virus: ['Virus protection', 'Malware cleaning'],
    spam: ['Spam protection', 'Quarantine dangerous URLs'],
    dlp: ['Personal data outbound monitoring', 'Customer number monitoring'],
  },
  keywordListNames: ['Confidential', 'Personal data', 'Internal only', 'Financial', 'HR', 'Technical', 'Contracts', 'Invoices'],
  keywords: [
    'confidential',
    'internal only',
    'secret',
    'restricted',
    'do not forward',
    'personal data',
    'customer data',
    'payslip',
    'performance review',
    'quotation',
    'invoice',
    'contract',
    'design document',
    'specification',
    'password',
    'account number',
    'internal audit',
    'unreleased',
    'R&D',
  ],
  versionSuffixes: ['draft', 'final'],
  tagSubject: ['[CAUTION]', '[EXTERNAL]', '[CHECK]', '[CONFIDENTIAL]', '[SPAM]'],
  expressionDescription: 'term from the information security policy',
};

export function vocabularyFor(language: 'ja' | 'en'): Vocabulary {
  return language === 'ja' ? JA : EN;
}

/** Picks the Japanese or English text. */
export function t(language: 'ja' | 'en', ja: string, en: string): string {
  return language === 'ja' ? ja : en;
}
