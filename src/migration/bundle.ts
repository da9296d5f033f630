// What the bundle reader hands the analyzer: every member of the export, XML parsed into
// an order-preserving tree, imss.ini parsed into sections. Pure types and errors.
import { defineErrors } from '../platform/errors.js';

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
