// The data analysis report and the data migration report: the six sections of the CEGP
// reports (docs/cegp/imss-imsva-migration.md §7). Pure data; render-pdf.ts draws it.

export type ItemCategory = 'NOT_SUPPORTED' | 'ERROR' | 'WARNING' | 'SUCCESS';
export type ReportKind = 'ANALYSIS' | 'MIGRATION';
export type MigrationMode = 'MERGE' | 'OVERWRITE';
export type ReportLocale = 'ja' | 'en';

export interface ReportItem {
  code: string;
  category: ItemCategory;
  /** Where in the export: "policy/rules.xml#rule[r12]/conditions/cncEmail". */
  sourcePath: string;
  /** Where in CEGP, in the report's language: "受信保護 > コンテンツフィルタ > TMEMS Migration Test Policy". */
  destination: string;
  message: string;
  /** What the administrator should do; '' when nothing. */
  fix: string;
}

export interface MigrationReport {
  kind: ReportKind;
  locale: ReportLocale;
  basicInformation: {
    /** ISO 8601 UTC; shown as "2024/05/22 06:50:39 (UTC)" and in `timeZone`. */
    generatedAt: string;
    /**
     * IANA time zone of the tenant's region (accounts/regions.ts), where reports show times
     * besides UTC; buildReport always sets it, a report made by hand without it shows UTC only.
     */
    timeZone?: string;
    /** CEGP account: the tenant's name and company identifier. */
    account: string;
    mode: MigrationMode;
    fileName: string;
    /** "IMSVA" or "IMSS". */
    product: string;
    /** "9.1". */
    version: string;
    /** "2011". */
    build: string;
    /** Language of the source installation ("ja"). */
    language: string;
  };
  /** Count per category, always all four, in the order NOT_SUPPORTED, ERROR, WARNING, SUCCESS. */
  summary: { category: ItemCategory; count: number }[];
  items: ReportItem[];
  /** Follow-up steps, already in the report's language. */
  nextSteps: string[];
}
