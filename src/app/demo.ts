// `npm run demo`: a ready rehearsal in the default tenant, through the same use-cases as
// the API (so it is audited and verified for real over the mock DNS):
//   example.co.jp — legacy MX to the on-premises IMSVA, TXT published, verified (COMPLETED)
//   example.jp    — legacy MX only, not verified yet (CONFIGURATION_REQUIRED)
// Both deliver to the capture mailbox first.
import { addDomain } from '../domains/add-domain.js';
import { CAPTURE_HOST } from '../domains/capture-host.js';
import { verificationRecordOf } from '../domains/domain.js';
import { verifyDomain } from '../domains/verify-domain.js';
import { setDnsRecord } from '../dns/set-dns-record.js';
import { LOCAL_ADMIN, useCaseContext } from '../db/use-case-context.js';
import { componentLogger, type Log } from '../platform/logger.js';
import { appServices } from './app-services.js';
import type { App } from './create-app.js';

export const DEMO_VERIFIED_DOMAIN = 'example.co.jp';
export const DEMO_UNVERIFIED_DOMAIN = 'example.jp';

/** Call after start(): adding a domain asks the mock DNS for its MX. Idempotent. */
export async function seedDemo(app: App, rootLog: Log): Promise<void> {
  const log = componentLogger(rootLog, 'demo');
  const tenantId = await app.defaultTenantId();
  const db = app.database.client;
  const ctx = useCaseContext(appServices(app, log), { tenantId, actor: LOCAL_ADMIN });
  if (await db.domain.findUnique({ where: { name: DEMO_VERIFIED_DOMAIN } })) {
    log.info('demo data already present');
    return;
  }
  for (const zone of [DEMO_VERIFIED_DOMAIN, DEMO_UNVERIFIED_DOMAIN]) {
    // The legacy route: MX to the on-premises gateway (documentation addresses, RFC 5737).
    await setDnsRecord(ctx, { zone, name: zone, type: 'MX', priority: 10, value: `imsva.${zone}` });
    await setDnsRecord(ctx, { zone, name: `imsva.${zone}`, type: 'A', value: '192.0.2.25' });
    await setDnsRecord(ctx, { zone, name: `mail.${zone}`, type: 'A', value: '192.0.2.26' });
    await setDnsRecord(ctx, { zone, name: zone, type: 'TXT', value: 'v=spf1 ip4:192.0.2.0/24 ~all' });
  }
  // Both deliver to the built-in capture mailbox, so mail sent through the rehearsal can be
  // read back (mail.<zone> is a documentation address no one answers at).
  const inboundServers = [{ recipient: '*', host: CAPTURE_HOST, port: 25, preference: 10 }];
  const verified = await addDomain(ctx, { name: DEMO_VERIFIED_DOMAIN, inboundServers });
  await addDomain(ctx, { name: DEMO_UNVERIFIED_DOMAIN, inboundServers });
  const txt = verificationRecordOf(verified.name, verified.verificationToken);
  await setDnsRecord(ctx, { zone: DEMO_VERIFIED_DOMAIN, name: txt.name, type: 'TXT', value: txt.value });
  const r = await verifyDomain(ctx, verified.id, 'DEMO');
  log.info({ verified: `${DEMO_VERIFIED_DOMAIN} ${r.domain.status}`, unverified: DEMO_UNVERIFIED_DOMAIN }, 'demo data seeded');
}
