// The analysis of an export: prerequisites, items and the import plan. Pure: the caller
// passes what CEGP knows (managed domains, synchronised directory groups). Analysis never
// changes anything; the same input always gives the same output. The prerequisites' texts
// and their decision are prerequisites.ts's; this file finds the facts they depend on.
import { bundleErrors, UNKNOWN_PRODUCT } from './bundle.js';
import { ObjectAnalysis } from './analyze-objects.js';
import { RuleAnalysis } from './analyze-rules.js';
import type { ManagedDomain } from '../domains/addresses.js';
import { itemText } from './item-messages.js';
import type { Analysis } from './plan.js';
import { analysisPrerequisites, SUPPORTED_VERSION } from './prerequisites.js';
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

/** Refuses an export that cannot be migrated at all (spec §10, "upload rejected"). */
export function checkSource(source: SourceExport, ctx: Pick<AnalyzerContext, 'imssMinBuild' | 'imsvaMinBuild'>): void {
  const m = source.manifest;
  const min = m.product === 'IMSS' ? ctx.imssMinBuild : m.product === 'IMSVA' ? ctx.imsvaMinBuild : Number.NaN;
  const build = Number(m.build);
  if (!(m.product === 'IMSS' || m.product === 'IMSVA') || m.version !== SUPPORTED_VERSION || !Number.isInteger(build) || build < min) {
    throw bundleErrors.error('SOURCE_VERSION_UNSUPPORTED', {
      product: m.product || UNKNOWN_PRODUCT,
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

  const usedUnverified = ctx.managedDomains.filter((d) => rules.unverifiedDomainsUsed.has(d.name)).map((d) => d.name);
  // The prerequisites that are not met are also items, at the top of the list.
  if (ctx.managedDomains.length === 0) {
    // Nothing is managed yet: every organization-side address counts as outside (spec), so
    // say plainly why, instead of claiming the domains are verified.
    const t = itemText('DOMAIN_NOT_VERIFIED', { domains: '(none registered)', domainsJa: '(登録なし)' });
    objects.items.unshift({ category: 'ERROR', sourcePath: 'manifest.xml', destination: 'Domains', ...t });
  } else if (usedUnverified.length) {
    const t = itemText('DOMAIN_NOT_VERIFIED', { domains: usedUnverified.join(', ') });
    objects.items.unshift({ category: 'ERROR', sourcePath: 'manifest.xml', destination: 'Domains', ...t });
  }
  if (source.ldapEnabled && !ctx.directorySynchronized) {
    const t = itemText('LDAP_NOT_SYNCED', {});
    objects.items.unshift({ category: 'ERROR', sourcePath: 'imss.ini#[ldap]', destination: 'Directory Management', ...t });
  }
  const prerequisites = analysisPrerequisites({
    source: { product: source.manifest.product, version: source.manifest.version, build: source.manifest.build },
    managedDomainCount: ctx.managedDomains.length,
    unverifiedDomainsUsed: usedUnverified,
    ldapEnabled: source.ldapEnabled,
    directorySynchronized: ctx.directorySynchronized,
  });
  return { items: objects.items, plan: objects.plan, prerequisites };
}
