// copyPolicyRule: a disabled copy, "<name> (copy)", at the end of the rule's list.
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { findRule } from './rule-rows.js';
import { decodeRuleBody } from './rule-codec.js';
import { addPolicyRule } from './add-policy-rule.js';

export async function copyPolicyRule(ctx: UseCaseContext, id: string): Promise<PolicyRule> {
  const source = await findRule(ctx.db, ctx.tenantId, id);
  const body = decodeRuleBody(source);
  return addPolicyRule(ctx, { ...body, name: `${body.name} (copy)`.slice(0, 100), enabled: false });
}
