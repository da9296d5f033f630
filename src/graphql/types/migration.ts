import { GraphQLError } from 'graphql';
import type { MigrationMode as Mode } from '../../db/enums.js';
import { ItemCategory, MigrationMode, MigrationState, ReportKind } from '../../db/enums.js';
import { cancelMigration } from '../../migration/cancel-migration.js';
import { confirmMigration } from '../../migration/confirm-migration.js';
import { restartMigration } from '../../migration/restart-migration.js';
import type { buildReport } from '../../migration/reports/build-report.js';
import { loadReport } from '../../migration/reports/load-report.js';
import { REPORT_LINK_LIFETIME_SECONDS, reportLinkPath } from '../../migration/reports/report-link.js';
import { startMigration } from '../../migration/start-migration.js';
import { syncDirectoryGroups } from '../../migration/sync-directory-groups.js';
import type { MigrationProgressEvent } from '../../platform/events.js';
import { MIGRATION_FAILURE_CODES, type MigrationFailureCode } from '../../migration/failure-codes.js';
import { findLandingPrerequisites } from '../../migration/find-landing-prerequisites.js';
import { MIGRATION_ITEM_CODES } from '../../migration/item-messages.js';
import type { Prerequisite } from '../../migration/plan.js';
import { MIGRATION_PREREQUISITE_CODES, type LandingPrerequisite } from '../../migration/prerequisites.js';
import { MIGRATION_STEPS, migrationStepLabel, migrationStepOf } from '../../migration/progress-steps.js';
import type { ItemCategory as Category } from '../../migration/reports/report.js';
import { destinationIn } from '../../migration/reports/report-text.js';
import type { ImportSummary } from '../../migration/apply-plan.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { idOf, toUserErrors, UserError, withUserErrors, type UserErrorShape } from '../user-errors.js';

const MigrationModeEnum = builder.enumType(MigrationMode, {
  name: 'MigrationMode',
  description: 'MERGE (統合, default) keeps existing settings; OVERWRITE (上書き) replaces them.',
});
const MigrationStateEnum = builder.enumType(MigrationState, {
  name: 'MigrationState',
  description: 'ANALYZING → ANALYZED → IMPORTING → COMPLETED, or CANCELLED / FAILED.',
});
export const ItemCategoryEnum = builder.enumType(ItemCategory, {
  name: 'MigrationItemCategory',
  description:
    'NOT_SUPPORTED: not migrated. ERROR: migrated with parts removed, rule disabled (Needs fix). WARNING: adjusted, needs confirmation. SUCCESS: as is.',
});
const ReportKindEnum = builder.enumType(ReportKind, { name: 'MigrationReportKind' });

/** Item codes: the migration's catalog (item-messages.ts), so an item never has a code outside the enum. */
export const MigrationItemCodeEnum = builder.enumType('MigrationItemCode', {
  description:
    'What an analysis item is about (docs/export-format.md §10: one code per row of the table, plus OK). New codes may be added; none is ever renamed.',
  values: MIGRATION_ITEM_CODES,
});
const MigrationFailureCodeEnum = builder.enumType('MigrationFailureCode', {
  description:
    'Why a run FAILED: a refused export (BUNDLE_*, SOURCE_VERSION_UNSUPPORTED, HIDDEN_KEY_MISSING) or a migration error (MIGRATION_*); the same code as the user error of the mutation that ended the run. New codes may be added; none is ever renamed.',
  values: MIGRATION_FAILURE_CODES,
});
const PrerequisiteCodeEnum = builder.enumType('MigrationPrerequisiteCode', {
  description:
    "The four prerequisites of the migration tool, in the wizard's order: a supported source build, the hidden export key, verified domains, a synchronised directory.",
  values: MIGRATION_PREREQUISITE_CODES,
});
const MigrationStepEnum = builder.enumType('MigrationStep', {
  description:
    "What a run has just done (MigrationProgress.label says it in the request's language). FAILED: the run ended as FAILED (its failure tells why). New steps may be added; none is ever renamed.",
  values: MIGRATION_STEPS,
});
const ReportLocaleEnum = builder.enumType('ReportLocale', { values: ['JA', 'EN'] as const });

builder.scalarType('Upload', {
  description: 'A file sent with the GraphQL multipart request specification.',
  serialize: () => {
    throw new GraphQLError('Upload is an input-only scalar');
  },
  parseValue: (v) => v as File,
});

const localized = (ctx: GraphQLContext, en: string | null, ja: string | null) => (ctx.locale === 'ja' ? (ja ?? en) : en) ?? '';

builder.prismaObject('MigrationItem', {
  description: 'One analysis item: what happens to one source setting.',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    code: t.field({
      type: MigrationItemCodeEnum,
      description: 'Stable code (docs/export-format.md §10), such as RULE_POP3.',
      resolve: (i) => i.code,
    }),
    category: t.expose('category', { type: ItemCategoryEnum }),
    sourcePath: t.exposeString('sourcePath'),
    destination: t.string({
      description: 'Where the item lands in CEGP, in the request language.',
      resolve: (i, _, ctx) => destinationIn(i.destination, ctx.locale),
    }),
    message: t.string({ resolve: (i, _, ctx) => localized(ctx, i.message, i.messageJa) }),
    fix: t.string({ resolve: (i, _, ctx) => localized(ctx, i.fix, i.fixJa) }),
  }),
});

const PrerequisiteRef = builder.objectRef<Prerequisite>('MigrationPrerequisite').implement({
  fields: (t) => ({
    code: t.field({ type: PrerequisiteCodeEnum, resolve: (p) => p.code }),
    met: t.exposeBoolean('met'),
    problemCode: t.field({
      type: MigrationItemCodeEnum,
      nullable: true,
      description: 'The code of the ERROR item that says what to do, when not met (DOMAIN_NOT_VERIFIED, LDAP_NOT_SYNCED).',
      resolve: (p) => p.problemCode,
    }),
    message: t.string({ resolve: (p, _, ctx) => localized(ctx, p.message, p.messageJa) }),
  }),
});

const CountsRef = builder.objectRef<Partial<Record<Category, number>>>('MigrationItemCounts').implement({
  fields: (t) => ({
    notSupported: t.int({ resolve: (c) => c.NOT_SUPPORTED ?? 0 }),
    error: t.int({ resolve: (c) => c.ERROR ?? 0 }),
    warning: t.int({ resolve: (c) => c.WARNING ?? 0 }),
    success: t.int({ resolve: (c) => c.SUCCESS ?? 0 }),
    total: t.int({ resolve: (c) => (c.NOT_SUPPORTED ?? 0) + (c.ERROR ?? 0) + (c.WARNING ?? 0) + (c.SUCCESS ?? 0) }),
  }),
});

// Stored as JSON with the run: a run imported before a field existed lacks it.
const SummaryRef = builder.objectRef<Partial<ImportSummary>>('MigrationImportSummary').implement({
  description: 'What the import wrote.',
  fields: (t) => ({
    rules: t.int({ resolve: (s) => s.rules ?? 0 }),
    rulesDisabled: t.int({ resolve: (s) => s.rulesDisabled ?? 0 }),
    removedRules: t.int({ description: 'Rules deleted by OVERWRITE.', resolve: (s) => s.removedRules ?? 0 }),
    addressGroups: t.int({ resolve: (s) => s.addressGroups ?? 0 }),
    keywordLists: t.int({ resolve: (s) => s.keywordLists ?? 0 }),
    notifications: t.int({ resolve: (s) => s.notifications ?? 0 }),
    stamps: t.int({ resolve: (s) => s.stamps ?? 0 }),
    dlpTemplates: t.int({ resolve: (s) => s.dlpTemplates ?? 0 }),
    dlpIdentifiers: t.int({ resolve: (s) => s.dlpIdentifiers ?? 0 }),
    listEntries: t.int({ resolve: (s) => s.listEntries ?? 0 }),
    senderAuthSettings: t.int({ resolve: (s) => s.senderAuthSettings ?? 0 }),
    fixedRulesReset: t.int({
      description: 'Rules the administrator had marked Fixed that this import set back to Needs fix (their source rule changed).',
      resolve: (s) => s.fixedRulesReset ?? 0,
    }),
    fixedRulesResetNames: t.stringList({
      description: 'The names of the first of those rules (at most 10).',
      resolve: (s) => s.fixedRulesResetNames ?? [],
    }),
  }),
});

const SourceRef = builder
  .objectRef<{
    product: string | null;
    version: string | null;
    build: string | null;
    language: string | null;
    sourceHost: string | null;
    exportedAt: string | null;
  }>('MigrationSource')
  .implement({
    fields: (t) => ({
      product: t.exposeString('product', { nullable: true }),
      version: t.exposeString('version', { nullable: true }),
      build: t.exposeString('build', { nullable: true }),
      language: t.exposeString('language', { nullable: true }),
      host: t.exposeString('sourceHost', { nullable: true }),
      exportedAt: t.exposeString('exportedAt', { nullable: true }),
    }),
  });

const FailureRef = builder.objectRef<{ code: string; message: string }>('MigrationFailure').implement({
  fields: (t) => ({
    code: t.field({ type: MigrationFailureCodeEnum, resolve: (f) => f.code as MigrationFailureCode }),
    message: t.exposeString('message'),
  }),
});

interface ReportInfo {
  id: string;
  kind: 'ANALYSIS' | 'MIGRATION';
  generatedAt: Date;
  expiresAt: Date;
  runId: string;
}

const ReportItemRef = builder
  .objectRef<{ code: string; category: Category; sourcePath: string; destination: string; message: string; fix: string }>(
    'MigrationReportItem',
  )
  .implement({
    fields: (t) => ({
      code: t.field({ type: MigrationItemCodeEnum, resolve: (i) => i.code }),
      category: t.field({ type: ItemCategoryEnum, resolve: (i) => i.category }),
      sourcePath: t.exposeString('sourcePath'),
      destination: t.string({
        description: 'Where the item lands in CEGP, in the request language.',
        resolve: (i, _, ctx) => destinationIn(i.destination, ctx.locale),
      }),
      message: t.exposeString('message'),
      fix: t.exposeString('fix'),
    }),
  });

type Report = ReturnType<typeof buildReport>;
const ReportContentRef = builder.objectRef<Report>('MigrationReportContent').implement({
  description: 'The six sections of the report; the PDF at downloadUrl draws the same content.',
  fields: (t) => ({
    kind: t.field({ type: ReportKindEnum, resolve: (r) => r.kind }),
    locale: t.field({ type: ReportLocaleEnum, resolve: (r) => (r.locale === 'ja' ? 'JA' : 'EN') }),
    generatedAt: t.field({ type: 'DateTime', resolve: (r) => new Date(r.basicInformation.generatedAt) }),
    account: t.string({ resolve: (r) => r.basicInformation.account }),
    mode: t.field({ type: MigrationModeEnum, resolve: (r) => r.basicInformation.mode }),
    fileName: t.string({ resolve: (r) => r.basicInformation.fileName }),
    product: t.string({ resolve: (r) => r.basicInformation.product }),
    version: t.string({ resolve: (r) => r.basicInformation.version }),
    build: t.string({ resolve: (r) => r.basicInformation.build }),
    language: t.string({ resolve: (r) => r.basicInformation.language }),
    summary: t.field({ type: CountsRef, resolve: (r) => Object.fromEntries(r.summary.map((s) => [s.category, s.count])) }),
    items: t.field({ type: [ReportItemRef], resolve: (r) => r.items }),
    nextSteps: t.stringList({ resolve: (r) => r.nextSteps }),
  }),
});

const ReportRef = builder.objectRef<ReportInfo>('MigrationReport').implement({
  description: 'A report of the latest run, downloadable as PDF for 90 days.',
  fields: (t) => ({
    kind: t.field({ type: ReportKindEnum, resolve: (r) => r.kind }),
    generatedAt: t.field({ type: 'DateTime', resolve: (r) => r.generatedAt }),
    expiresAt: t.field({ type: 'DateTime', resolve: (r) => r.expiresAt }),
    expired: t.boolean({ resolve: (r, _, ctx) => ctx.services.clock.now() > r.expiresAt }),
    downloadUrl: t.string({
      description: `Signed link to the PDF on this server, for this tenant, valid for ${REPORT_LINK_LIFETIME_SECONDS / 60} minutes (a browser opens it without headers; query again for a fresh one). 403 once the link expired, 410 Gone after expiresAt.`,
      args: { locale: t.arg({ type: ReportLocaleEnum }) },
      resolve: async (r, args, ctx) => {
        const locale = (args.locale ?? (ctx.locale === 'ja' ? 'JA' : 'EN')) === 'JA' ? 'ja' : 'en';
        const expires = Math.floor(ctx.services.clock.now().getTime() / 1000) + REPORT_LINK_LIFETIME_SECONDS;
        return reportLinkPath(await ctx.services.reports.linkKey(), { reportId: r.id, locale, tenantId: ctx.tenant.id, expires });
      },
    }),
    content: t.field({
      type: ReportContentRef,
      args: { locale: t.arg({ type: ReportLocaleEnum }) },
      resolve: (r, args, ctx) => loadReport(ctx.db, r, (args.locale ?? (ctx.locale === 'ja' ? 'JA' : 'EN')) === 'JA' ? 'ja' : 'en'),
    }),
  }),
});

const ItemFilter = builder.inputType('MigrationItemFilter', {
  fields: (t) => ({ category: t.field({ type: ItemCategoryEnum }), code: t.field({ type: MigrationItemCodeEnum }) }),
});

builder.prismaNode('MigrationRun', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  description: 'One run of the IMSS/IMSVA migration tool.',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    sizeBytes: t.exposeInt('sizeBytes'),
    mode: t.expose('mode', { type: MigrationModeEnum }),
    state: t.expose('state', { type: MigrationStateEnum }),
    failure: t.field({
      type: FailureRef,
      nullable: true,
      resolve: (r, _, ctx) =>
        r.failureCode ? { code: r.failureCode, message: localized(ctx, r.failureMessage, r.failureMessageJa) } : null,
    }),
    source: t.field({ type: SourceRef, resolve: (r) => r }),
    prerequisites: t.field({ type: [PrerequisiteRef], resolve: (r) => r.prerequisites as unknown as Prerequisite[] }),
    counts: t.field({ type: CountsRef, resolve: (r) => r.counts as Partial<Record<Category, number>> }),
    importSummary: t.field({
      type: SummaryRef,
      nullable: true,
      resolve: (r) => (r.importSummary as Partial<ImportSummary> | null) ?? null,
    }),
    items: t.relatedConnection(
      'items',
      {
        cursor: 'id',
        totalCount: true,
        args: { filter: t.arg({ type: ItemFilter }) },
        query: (args) => ({
          where: {
            ...(args.filter?.category ? { category: args.filter.category } : {}),
            ...(args.filter?.code ? { code: args.filter.code } : {}),
          },
          orderBy: { seq: 'asc' },
        }),
      },
      { name: 'MigrationItemConnection' },
      { name: 'MigrationItemEdge' },
    ),
    analysisReport: t.field({
      type: ReportRef,
      nullable: true,
      description: 'The data analysis report (データ分析レポート).',
      resolve: (r, _, ctx) => reportOf(ctx, r.id, 'ANALYSIS'),
    }),
    migrationReport: t.field({
      type: ReportRef,
      nullable: true,
      description: 'The data migration report (データ移行レポート).',
      resolve: (r, _, ctx) => reportOf(ctx, r.id, 'MIGRATION'),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    analyzedAt: t.expose('analyzedAt', { type: 'DateTime', nullable: true }),
    importStartedAt: t.expose('importStartedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

async function reportOf(ctx: GraphQLContext, runId: string, kind: 'ANALYSIS' | 'MIGRATION'): Promise<ReportInfo | null> {
  return ctx.db.migrationReportFile.findUnique({ where: { runId_kind: { runId, kind } } });
}

const LandingPrerequisiteRef = builder.objectRef<LandingPrerequisite>('MigrationLandingPrerequisite').implement({
  description: 'A prerequisite of the landing page; met is null when only the upload can tell (source build, hidden key).',
  fields: (t) => ({
    code: t.field({ type: PrerequisiteCodeEnum, resolve: (p) => p.code }),
    met: t.exposeBoolean('met', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

builder.queryFields((t) => ({
  migrationPrerequisites: t.field({
    type: [LandingPrerequisiteRef],
    description: "The four prerequisites of the migration tool's landing page, before any upload.",
    resolve: (_, __, ctx) => findLandingPrerequisites(ctx.db, ctx.tenant.id, ctx.services.migration, ctx.locale),
  }),
  migrationRuns: t.prismaConnection(
    {
      type: 'MigrationRun',
      cursor: 'id',
      description: 'Runs of this tenant, newest first (runs are unlimited).',
      totalCount: (_, __, ctx) => ctx.db.migrationRun.count({ where: { tenantId: ctx.tenant.id } }),
      resolve: (query, _, __, ctx) =>
        ctx.db.migrationRun.findMany({ ...query, where: { tenantId: ctx.tenant.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
    },
    { name: 'MigrationRunConnection' },
    { name: 'MigrationRunEdge' },
  ),
  latestMigration: t.prismaField({
    type: 'MigrationRun',
    nullable: true,
    description: 'The last run ("Last migration" on the landing page).',
    resolve: (query, _, __, ctx) =>
      ctx.db.migrationRun.findFirst({ ...query, where: { tenantId: ctx.tenant.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
  migrationSettings: t.field({
    type: builder.objectRef<{ maxUploadMb: number; imssMinBuild: number; imsvaMinBuild: number }>('MigrationSettings').implement({
      fields: (f) => ({
        maxUploadMb: f.exposeInt('maxUploadMb'),
        imssMinBuild: f.exposeInt('imssMinBuild'),
        imsvaMinBuild: f.exposeInt('imsvaMinBuild'),
      }),
    }),
    resolve: (_, __, ctx) => ({
      maxUploadMb: Math.round(ctx.services.migration.maxUploadBytes / 1024 / 1024),
      imssMinBuild: ctx.services.migration.imssMinBuild,
      imsvaMinBuild: ctx.services.migration.imsvaMinBuild,
    }),
  }),
}));

interface RunPayload {
  runId?: string;
  userErrors: UserErrorShape[];
}

const RunPayload = (name: string) =>
  builder.objectRef<RunPayload>(name).implement({
    fields: (t) => ({
      run: t.prismaField({
        type: 'MigrationRun',
        nullable: true,
        resolve: (query, p, _, ctx) => (p.runId ? ctx.db.migrationRun.findUnique({ ...query, where: { id: p.runId } }) : null),
      }),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });

const StartMigrationPayload = RunPayload('StartMigrationPayload');
const ConfirmMigrationPayload = RunPayload('ConfirmMigrationPayload');
const CancelMigrationPayload = RunPayload('CancelMigrationPayload');
const RestartMigrationPayload = RunPayload('RestartMigrationPayload');

const DirectoryGroupInput = builder.inputType('DirectoryGroupInput', {
  fields: (t) => ({ dn: t.string({ required: true }), name: t.string({ required: true }), members: t.stringList() }),
});

const SyncDirectoryGroupsPayload = builder
  .objectRef<{ groupCount?: number; userErrors: UserErrorShape[] }>('SyncDirectoryGroupsPayload')
  .implement({
    fields: (t) => ({
      groupCount: t.int({ nullable: true, resolve: (p) => p.groupCount ?? null }),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });

builder.mutationFields((t) => ({
  startMigration: t.field({
    type: StartMigrationPayload,
    description:
      'Uploads an IMSS/IMSVA export (.dat) and analyses it; nothing is imported. A refused export gives a FAILED run and a user error with its code.',
    args: { file: t.arg({ type: 'Upload', required: true }), mode: t.arg({ type: MigrationModeEnum, defaultValue: 'MERGE' }) },
    resolve: async (_, args, ctx) => {
      const file = args.file;
      if (!file || typeof (file as File).arrayBuffer !== 'function') {
        throw new GraphQLError('file must be sent as a multipart upload (GraphQL multipart request specification)');
      }
      // The file itself, not its arrayBuffer(): startMigration streams it to disk.
      const started = await withUserErrors(ctx.locale, async () => ({
        r: await startMigration(ctx.useCase(), { fileName: file.name, bytes: file, mode: (args.mode ?? 'MERGE') as Mode }),
      }));
      const r = started.r;
      if (!r) return { userErrors: started.userErrors };
      return {
        runId: r.run.id,
        userErrors: r.rejection ? (toUserErrors(r.rejection, ctx.locale) ?? []).map((e) => ({ ...e, field: 'file' })) : [],
      };
    },
  }),
  confirmMigration: t.field({
    type: ConfirmMigrationPayload,
    description: 'Imports an analysed run (re-analysing the same file), all or nothing.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx): Promise<RunPayload> => {
      const r = await withUserErrors(ctx.locale, async () => ({
        run: await confirmMigration(ctx.useCase(), idOf(String(id), 'MigrationRun', 'id')),
      }));
      if (!r.run) return { userErrors: r.userErrors };
      // A failed import is a run in FAILED state (nothing changed) and a user error with its reason.
      const failed = r.run.state === 'FAILED';
      return {
        runId: r.run.id,
        userErrors: failed
          ? [
              {
                code: r.run.failureCode ?? 'MIGRATION_IMPORT_FAILED',
                message: localized(ctx, r.run.failureMessage, r.run.failureMessageJa),
                field: 'id',
              },
            ]
          : [],
      };
    },
  }),
  cancelMigration: t.field({
    type: CancelMigrationPayload,
    description: 'Ends an analysed run; nothing is imported.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) =>
      withUserErrors(ctx.locale, async () => ({
        runId: (await cancelMigration(ctx.useCase(), idOf(String(id), 'MigrationRun', 'id'))).id,
      })),
  }),
  restartMigration: t.field({
    type: RestartMigrationPayload,
    description:
      'Analyses again, as a new run, the kept upload of a run the server stopped in the middle of (failure code MIGRATION_INTERRUPTED); nothing is imported. Like startMigration, a refused export gives a FAILED run and a user error.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx): Promise<RunPayload> => {
      const r = await withUserErrors(ctx.locale, async () => ({
        result: await restartMigration(ctx.useCase(), idOf(String(id), 'MigrationRun', 'id')),
      }));
      if (!r.result) return { userErrors: r.userErrors };
      const { run, rejection } = r.result;
      return {
        runId: run.id,
        userErrors: rejection ? (toUserErrors(rejection, ctx.locale) ?? []).map((e) => ({ ...e, field: 'id' })) : [],
      };
    },
  }),
  syncDirectoryGroups: t.field({
    type: SyncDirectoryGroupsPayload,
    description: 'Imports directory groups as the Directory Synchronization Tool would (replaces the previous sync).',
    args: { groups: t.arg({ type: [DirectoryGroupInput], required: true }) },
    resolve: (_, { groups }, ctx) =>
      withUserErrors(ctx.locale, async () => ({ groupCount: await syncDirectoryGroups(ctx.useCase(), groups) })),
  }),
}));

const ProgressRef = builder.objectRef<MigrationProgressEvent>('MigrationProgress').implement({
  fields: (t) => ({
    run: t.prismaField({
      type: 'MigrationRun',
      nullable: true,
      resolve: (query, e, _, ctx) => ctx.db.migrationRun.findFirst({ ...query, where: { id: e.runId, tenantId: ctx.tenant.id } }),
    }),
    runId: t.id({ resolve: (e) => e.runId }),
    state: t.field({ type: MigrationStateEnum, resolve: (e) => e.state as never }),
    percent: t.exposeInt('percent'),
    step: t.field({ type: MigrationStepEnum, resolve: (e) => migrationStepOf(e) }),
    label: t.string({
      description: "The step in the request's language (Accept-Language).",
      resolve: (e, _, ctx) => migrationStepLabel(migrationStepOf(e), ctx.locale),
    }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
  }),
});

builder.subscriptionField('migrationProgress', (t) =>
  t.field({
    type: ProgressRef,
    description: "Progress of this tenant's runs (all, or one run), over Server-Sent Events.",
    args: { runId: t.arg.id() },
    subscribe: (_, args, ctx) => {
      const wanted = args.runId ? idOf(String(args.runId), 'MigrationRun', 'runId') : null;
      return filterProgress(ctx.services.events.subscribe('migration.progress'), ctx.tenant.id, wanted);
    },
    resolve: (e) => e,
  }),
);

async function* filterProgress(source: AsyncIterable<MigrationProgressEvent>, tenantId: string, runId: string | null) {
  for await (const e of source) if (e.tenantId === tenantId && (!runId || e.runId === runId)) yield e;
}
