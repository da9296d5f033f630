// The analysis of an export: prerequisites, items and the import plan. Pure: the caller
// passes what CEGP knows (managed domains, synchronised directory groups). Analysis never
// changes anything; the same input always gives the same output.
import { bundleErrors } from './bundle.js';
import { ObjectAnalysis } from './analyze-objects.js';
import { RuleAnalysis } from './analyze-rules.js';
import type { ManagedDomain } from '../domains/addresses.js';
import { itemText } from './item-messages.js';
import type { Analysis, Prerequisite } from './plan.js';
import type { SourceExport } from './source.js';

export interface AnalyzerContext {
  managedDomains: ManagedDomain[];
  /** DNs of the directory groups synchronised to CEGP (case-insensitive). */
  directoryGroupDns: string[];
  directorySynchronized: boolean;
  /** IMSS minimum build: 1361 per the JP guide, 1357 per the English docs (configurable). */
  imssMinBuild: number;
  imsvaMinBuild: number;
}

export const SUPPORTED_VERSION = '9.1';

/** Refuses an export that cannot be migrated at all (spec §10, "upload rejected"). */
export function checkSource(source: SourceExport, ctx: Pick<AnalyzerContext, 'imssMinBuild' | 'imsvaMinBuild'>): void {
  const m = source.manifest;
  const min = m.product === 'IMSS' ? ctx.imssMinBuild : m.product === 'IMSVA' ? ctx.imsvaMinBuild : Number.NaN;
  const build = Number(m.build);
  if (!(m.product === 'IMSS' || m.product === 'IMSVA') || m.version !== SUPPORTED_VERSION || !Number.isInteger(build) || build < min) {
    throw bundleErrors.error('SOURCE_VERSION_UNSUPPORTED', {
      product: m.product || '(unknown product)',
      version: m.version || '?',
      build: m.build || '?',
      imssMin: ctx.imssMinBuild,
      imsvaMin: ctx.imsvaMinBuild,
    });
  }
  if (!source.hiddenKey) throw bundleErrors.error('HIDDEN_KEY_MISSING');
}

export function analyze(source: SourceExport, ctx: AnalyzerContext): Analysis {
  checkSource(source, ctx);
  const objects = new ObjectAnalysis(source, ctx.managedDomains);
  objects.run();
  const rules = new RuleAnalysis(objects, ctx.managedDomains, new Set(ctx.directoryGroupDns.map((d) => d.toLowerCase())));
  rules.analyzeAll(source.rules);

  const prerequisites: Prerequisite[] = [
    {
      code: 'SOURCE_SUPPORTED',
      met: true,
      problemCode: null,
      message: `${source.manifest.product} ${source.manifest.version} build ${source.manifest.build} can be migrated.`,
      messageJa: `${source.manifest.product} ${source.manifest.version} ビルド ${source.manifest.build} は移行できます。`,
    },
    {
      code: 'HIDDEN_KEY',
      met: true,
      problemCode: null,
      message: 'The hidden key enable_ems_migrate=1 is present.',
      messageJa: '隠しキー enable_ems_migrate=1 が設定されています。',
    },
  ];
  const usedUnverified = ctx.managedDomains.filter((d) => rules.unverifiedDomainsUsed.has(d.name)).map((d) => d.name);
  if (ctx.managedDomains.length === 0) {
    // Nothing is managed yet: every organization-side address counts as outside (spec), so
    // say plainly why, instead of claiming the domains are verified.
    const t = itemText('DOMAIN_NOT_VERIFIED', { domains: '(none registered)', domainsJa: '(登録なし)' });
    objects.items.unshift({ category: 'ERROR', sourcePath: 'manifest.xml', destination: 'Domains', ...t });
    prerequisites.push({
      code: 'DOMAINS_VERIFIED',
      met: false,
      problemCode: 'DOMAIN_NOT_VERIFIED',
      message: 'No domain is registered in CEGP: add and verify every domain you protect before importing.',
      messageJa: 'CEGP にドメインが登録されていません。インポート前に保護するすべてのドメインを追加して確認してください。',
    });
  } else if (usedUnverified.length) {
    const t = itemText('DOMAIN_NOT_VERIFIED', { domains: usedUnverified.join(', ') });
    objects.items.unshift({ category: 'ERROR', sourcePath: 'manifest.xml', destination: 'Domains', ...t });
    prerequisites.push({
      code: 'DOMAINS_VERIFIED',
      met: false,
      problemCode: 'DOMAIN_NOT_VERIFIED',
      message: t.message,
      messageJa: t.messageJa,
    });
  } else {
    prerequisites.push({
      code: 'DOMAINS_VERIFIED',
      met: true,
      problemCode: null,
      message: 'Every managed domain the rules use is verified.',
      messageJa: 'ルールで使用される管理対象ドメインはすべて確認済みです。',
    });
  }
  if (source.ldapEnabled && !ctx.directorySynchronized) {
    const t = itemText('LDAP_NOT_SYNCED', {});
    objects.items.unshift({ category: 'ERROR', sourcePath: 'imss.ini#[ldap]', destination: 'Directory Management', ...t });
    prerequisites.push({
      code: 'DIRECTORY_SYNCHRONIZED',
      met: false,
      problemCode: 'LDAP_NOT_SYNCED',
      message: t.message,
      messageJa: t.messageJa,
    });
  } else {
    prerequisites.push({
      code: 'DIRECTORY_SYNCHRONIZED',
      met: true,
      problemCode: null,
      message: source.ldapEnabled ? 'The directory has been synchronised.' : 'IMSS/IMSVA did not use LDAP.',
      messageJa: source.ldapEnabled ? 'ディレクトリは同期済みです。' : 'IMSS/IMSVA は LDAP を使用していません。',
    });
  }
  return { items: objects.items, plan: objects.plan, prerequisites };
}
