// Imports every type file and builds the schema; exports no other values.
import { builder } from './builder.js';
import './user-errors.js';
import './types/enums.js';
import './types/tenant.js';
import './types/domain.js';
import './types/dns.js';
import './types/audit.js';
import './types/migration.js';
import './types/policy-objects.js';
import './types/policy-rule.js';
import './types/message-verdict.js';
import './types/simulate-message.js';
import './types/mail-tracking.js';
import './types/policy-events.js';
import './types/quarantine.js';
import './types/captured-messages.js';

export const schema = builder.toSchema({ sortSchema: true });
