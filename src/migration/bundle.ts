// What the bundle reader hands the analyzer: every member of the export, XML parsed into
// an order-preserving tree, imss.ini parsed into sections. Pure types and errors.
import { defineErrors, renderBoth, type LocalizedText, type MessageParams, type MessageTemplate } from '../platform/errors.js';

export interface XmlElement {
  /** Element name as written (no namespace handling: the format has none). */
  name: string;
  /** Attribute values as strings, entity-free. */
  attrs: Record<string, string>;
  /** Child elements in document order. */
  children: XmlElement[];
  /** Concatenated text content directly inside this element (trimmed); '' when none. */
  text: string;
}

export interface IniFile {
  /** Section name → key → value; keys before any section go under ''. Order kept. */
  sections: Map<string, Map<string, string>>;
}

export interface Bundle {
  fileName: string;
  sizeBytes: number;
  manifest: XmlElement;
  ini: IniFile;
  /** Parsed XML members by path (policy/rules.xml, …), manifest excluded. */
  xml: Map<string, XmlElement>;
  /** Members the format does not know: reported as informational items, not read. */
  extraFiles: string[];
}

/**
 * Why an upload is refused. `code` is the stable code shown to the user; the spec's table
 * names BUNDLE_INVALID for "not a ZIP / manifest missing / no imss.ini", distinguished by
 * `reason`. Every other refusal has its own code.
 */
export const bundleErrors = defineErrors({
  BUNDLE_INVALID: {
    en: 'The file is not a usable IMSS/IMSVA export: {detail}',
    ja: 'IMSS/IMSVA のエクスポートファイルとして使用できません: {detail}',
  },
  BUNDLE_TRUNCATED: {
    en: 'The export is truncated or damaged ({detail}). Export it again from IMSS/IMSVA and upload the complete .dat file.',
    ja: 'エクスポートファイルが途中で切れているか破損しています ({detail})。IMSS/IMSVA から再度エクスポートし、完全な .dat ファイルをアップロードしてください。',
  },
  BUNDLE_UNSAFE_PATH: {
    en: 'The export contains an entry with an unsafe path ("{path}"): absolute paths and ".." are refused.',
    ja: 'エクスポートファイルに安全でないパス (「{path}」) のエントリが含まれています。絶対パスや「..」は使用できません。',
  },
  BUNDLE_TOO_MANY_ENTRIES: {
    en: 'The export has more than {max} entries; an IMSS/IMSVA export has far fewer.',
    ja: 'エクスポートファイルのエントリ数が上限の {max} を超えています。',
  },
  BUNDLE_MEMBER_TOO_LARGE: {
    en: 'The member "{path}" expands beyond {maxMb} MB, which no IMSS/IMSVA export needs.',
    ja: 'エントリ「{path}」の展開後のサイズが {maxMb} MB を超えています。',
  },
  BUNDLE_UNCOMPRESSED_TOO_LARGE: {
    en: 'The export expands beyond {maxMb} MB in total, far more than any IMSS/IMSVA export, so it is refused.',
    ja: 'エクスポートファイルの展開後の合計サイズが {maxMb} MB を超えているため、受け付けません。',
  },
  BUNDLE_MEMBER_TOO_MANY_ELEMENTS: {
    en: '"{path}" holds more than {max} XML elements, far more than any IMSS/IMSVA export, so the export is refused.',
    ja: '「{path}」の XML 要素数が上限の {max} を超えているため、エクスポートファイルを受け付けません。',
  },
  BUNDLE_TOO_MANY_ELEMENTS: {
    en: 'The export holds more than {max} XML elements in total (the limit was reached in "{path}"), so it is refused.',
    ja: 'エクスポートファイル全体の XML 要素数が上限の {max} を超えているため (「{path}」で到達)、受け付けません。',
  },
  BUNDLE_COMPRESSION_RATIO: {
    en: 'The member "{path}" expands more than {max}:1 (a compression bomb), so the export is refused.',
    ja: 'エントリ「{path}」の圧縮率が {max}:1 を超えているため (圧縮爆弾の疑い)、エクスポートファイルを受け付けません。',
  },
  BUNDLE_XML_DTD: {
    en: '"{path}" declares a DTD or entities, which an IMSS/IMSVA export never does; refused for safety.',
    ja: '「{path}」に DTD またはエンティティ宣言が含まれています。安全のため受け付けません。',
  },
  BUNDLE_XML_MALFORMED: {
    en: '"{path}" is not well-formed XML ({detail}).',
    ja: '「{path}」は整形式の XML ではありません ({detail})。',
  },
  BUNDLE_ENCODING_INVALID: {
    en: '"{path}" declares the encoding "{encoding}" but its bytes do not match it (UTF-8, Shift_JIS and EUC-JP are accepted).',
    ja: '「{path}」で宣言された文字コード「{encoding}」と内容が一致しません (使用できるのは UTF-8、Shift_JIS、EUC-JP です)。',
  },
  BUNDLE_UNKNOWN_ELEMENT: {
    en: '"{path}" contains the element <{element}>, which the IMSS/IMSVA export format does not define.',
    ja: '「{path}」に、エクスポート形式で定義されていない要素 <{element}> が含まれています。',
  },
  BUNDLE_TOO_LARGE: {
    en: 'The upload is larger than {maxMb} MB (MIGRATION_MAX_UPLOAD_MB).',
    ja: 'アップロードファイルが {maxMb} MB (MIGRATION_MAX_UPLOAD_MB) を超えています。',
  },
  HIDDEN_KEY_MISSING: {
    en: 'The export was made without the migration hidden key: imss.ini has no [imp_exp] enable_ems_migrate=1. Insert the key into tb_global_setting on IMSS/IMSVA, export again and upload the new file.',
    ja: 'エクスポート時に移行用の隠しキーが設定されていません (imss.ini に [imp_exp] enable_ems_migrate=1 がありません)。IMSS/IMSVA の tb_global_setting に隠しキーを追加してから再度エクスポートし、新しいファイルをアップロードしてください。',
  },
  SOURCE_VERSION_UNSUPPORTED: {
    en: '{product} {version} build {build} cannot be migrated: IMSS 9.1 build {imssMin} or later, or IMSVA 9.1 build {imsvaMin} or later, is required.',
    ja: '{product} {version} ビルド {build} は移行できません。IMSS 9.1 ビルド {imssMin} 以降、または IMSVA 9.1 ビルド {imsvaMin} 以降が必要です。',
  },
});

export type BundleErrorCode = keyof typeof bundleErrors.templates;

/** SOURCE_VERSION_UNSUPPORTED's `{product}` when the manifest names none. */
export const UNKNOWN_PRODUCT: LocalizedText = { en: '(unknown product)', ja: '(不明な製品)' };

/**
 * The `{detail}` of BUNDLE_INVALID, BUNDLE_TRUNCATED and BUNDLE_XML_MALFORMED: what exactly
 * is wrong, in both languages, so a Japanese refusal embeds no English (bundleDetail).
 */
export const BUNDLE_DETAILS = {
  // BUNDLE_INVALID
  NOT_A_ZIP: { en: 'not a ZIP archive', ja: 'ZIP 形式のファイルではありません' },
  MANIFEST_MISSING: { en: 'manifest.xml is missing', ja: 'manifest.xml が含まれていません' },
  INI_MISSING: { en: 'imss.ini is missing', ja: 'imss.ini が含まれていません' },
  ENTRY_REPEATED: { en: 'the entry "{name}" appears twice', ja: 'エントリ「{name}」が 2 回含まれています' },
  MEMBER_ENCRYPTED: { en: 'the member "{path}" is encrypted', ja: 'エントリ「{path}」は暗号化されています' },
  COMPRESSION_METHOD: {
    en: 'the member "{path}" uses compression method {method}; only stored and deflate are read',
    ja: 'エントリ「{path}」の圧縮方式 {method} には対応していません (読み取れるのは無圧縮と DEFLATE のみです)',
  },
  INI_CHARACTER: {
    en: 'imss.ini line {line}: character {character} is not allowed',
    ja: 'imss.ini の {line} 行目: 文字 {character} は使用できません',
  },
  // BUNDLE_TRUNCATED (the reader adds what yauzl or zlib said to the English)
  ZIP_UNREADABLE: { en: 'the ZIP archive cannot be read', ja: 'ZIP の構造を読み取れません' },
  ZIP_ENTRIES_UNREADABLE: { en: 'the list of entries cannot be read', ja: 'エントリの一覧を読み取れません' },
  MEMBER_UNREADABLE: { en: '"{path}" cannot be read', ja: '「{path}」を読み取れません' },
  MEMBER_SIZE_MISMATCH: {
    en: '"{path}" inflates to {produced} bytes, its header says {declared}',
    ja: '「{path}」の展開後のサイズ ({produced} バイト) がヘッダの値 ({declared} バイト) と一致しません',
  },
  MEMBER_CRC_MISMATCH: { en: 'CRC-32 mismatch in "{path}"', ja: '「{path}」の CRC-32 が一致しません' },
  // BUNDLE_XML_MALFORMED
  XML_TOO_DEEP: { en: 'too deep: elements nest more than {max} levels', ja: '要素の入れ子が {max} 階層を超えています' },
  XML_NAME_RESERVED: {
    en: 'line {line}: the element name <{name}> is not allowed',
    ja: '{line} 行目: 要素名 <{name}> は使用できません',
  },
  XML_ENTITY_UNDECLARED: {
    en: 'line {line}: "{entity}" is not a predefined entity or a valid character reference',
    ja: '{line} 行目:「{entity}」は定義済みの実体参照でも有効な文字参照でもありません',
  },
  XML_CHARACTER: {
    en: 'line {line}: character {character} is not allowed in XML',
    ja: '{line} 行目: 文字 {character} は XML では使用できません',
  },
  XML_NO_ROOT: { en: 'no root element', ja: 'ルート要素がありません' },
  XML_TAG_UNCLOSED: { en: 'line {line}: the element <{name}> is not closed', ja: '{line} 行目: 要素 <{name}> が閉じられていません' },
  XML_CLOSE_TAG_UNMATCHED: {
    en: 'line {line}: the closing tag </{name}> matches no open element',
    ja: '{line} 行目: 終了タグ </{name}> に対応する開始タグがありません',
  },
  XML_TEXT_OUTSIDE_ROOT: { en: 'line {line}: text outside the root element', ja: '{line} 行目: ルート要素の外に文字列があります' },
  XML_SECOND_ROOT: { en: 'line {line}: a second root element', ja: '{line} 行目: ルート要素が 2 つ以上あります' },
  XML_UNEXPECTED_END: { en: 'line {line}: the document ends too early', ja: '{line} 行目: 文書が途中で終わっています' },
  XML_ATTRIBUTE_REPEATED: { en: 'line {line}: the attribute {name} appears twice', ja: '{line} 行目: 属性 {name} が重複しています' },
  XML_CLOSE_TAG_UNEXPECTED: {
    en: 'line {line}: a closing tag does not match the element it closes',
    ja: '{line} 行目: 終了タグが対応する開始タグと一致しません',
  },
  XML_ATTRIBUTE_NO_VALUE: { en: 'line {line}: an attribute has no value', ja: '{line} 行目: 値のない属性があります' },
  XML_ATTRIBUTE_UNQUOTED: {
    en: 'line {line}: an attribute value is not in quotes',
    ja: '{line} 行目: 属性値が引用符で囲まれていません',
  },
  /** Any other syntax error: the English gives the parser's own words instead. */
  XML_SYNTAX: { en: 'line {line}: the XML syntax is wrong', ja: '{line} 行目: XML の構文に誤りがあります' },
  XML_UNREADABLE: { en: 'the document cannot be parsed', ja: 'XML として解析できません' },
} as const satisfies Record<string, MessageTemplate>;

export type BundleDetail = keyof typeof BUNDLE_DETAILS;

/** A `{detail}` parameter in both languages. */
export function bundleDetail(key: BundleDetail, params: MessageParams = {}): LocalizedText {
  return renderBoth(BUNDLE_DETAILS[key], params);
}

/**
 * A detail followed, in English only, by what a library said (yauzl, zlib and saxes write
 * English): the words help whoever reads the English log, the Japanese keeps its sentence.
 */
export function withLibraryWords(detail: LocalizedText, words: string): LocalizedText {
  return words ? { en: `${detail.en}: ${words}`, ja: detail.ja } : detail;
}
