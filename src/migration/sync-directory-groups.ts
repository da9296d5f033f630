// syncDirectoryGroups: what the Directory Synchronization Tool does for a rehearsal —
// imports the directory's groups (DN, name, members) so LDAP groups in migrated rules
// resolve. A sync replaces the previous one.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { ExpectedErrors, type ExpectedError } from '../platform/errors.js';
import { migrationErrors } from './errors.js';
import type { MigrationContext } from './migration-context.js';

export interface DirectoryGroupInput {
  dn: string;
  name: string;
  members?: string[] | null;
}

/** A directory sync of a rehearsal is small; this bounds one request. */
export const MAX_DIRECTORY_GROUPS = 10_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function syncDirectoryGroups(ctx: MigrationContext, groups: DirectoryGroupInput[]): Promise<number> {
  const problems: ExpectedError[] = [];
  groups.slice(0, MAX_DIRECTORY_GROUPS + 1).forEach((g, i) => {
    const members = g.members ?? [];
    if (!g.dn.trim() || !g.name.trim() || members.some((m) => !EMAIL.test(m.trim()))) {
      problems.push(migrationErrors.error('DIRECTORY_GROUP_INVALID', { index: i + 1 }, `groups.${i}`));
    }
  });
  if (groups.length > MAX_DIRECTORY_GROUPS)
    problems.push(migrationErrors.error('DIRECTORY_GROUP_INVALID', { index: MAX_DIRECTORY_GROUPS + 1 }, 'groups'));
  if (problems.length) throw new ExpectedErrors(problems);
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (tx) => {
    await tx.directoryGroup.deleteMany({ where: { tenantId: ctx.tenantId } });
    const unique = [...new Map(groups.map((g) => [g.dn.trim().toLowerCase(), g])).values()];
    await tx.directoryGroup.createMany({
      data: unique.map((g) => ({
        tenantId: ctx.tenantId,
        dn: g.dn.trim(),
        name: g.name.trim(),
        members: (g.members ?? []).map((m) => m.trim().toLowerCase()),
        syncedAt: now,
      })),
    });
    await tx.tenant.update({ where: { id: ctx.tenantId }, data: { directorySyncedAt: now } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'DIRECTORY_SYNCHRONIZED',
        targetType: 'Directory',
        targetId: null,
        targetName: 'Directory groups',
        changes: [{ field: 'groups', newValue: String(unique.length), previousValue: null }],
      },
    );
    return unique.length;
  });
}
