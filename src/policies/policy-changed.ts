// The `policy.changed` event: every write to a tenant's policy rules or policy objects (the
// API's use-cases and the importer) announces it after its transaction, so the relay's
// compiled policy is rebuilt before the next message instead of at its next revision check
// (src/relay/policy-specs.ts). Writers outside this process (another instance, SQL by hand)
// are caught by that check of Tenant.policyRevision, which the database triggers bump.
import type { Events } from '../platform/events.js';

export function announcePolicyChange(ctx: { events: Events; tenantId: string }): void {
  ctx.events.emit('policy.changed', { tenantId: ctx.tenantId });
}
