// The bounds of simulateMessage's input. Pure.
import { ExpectedErrors, type ExpectedError } from '../platform/errors.js';
import { trackingErrors } from './tracking-errors.js';

/**
 * The largest message simulated: the Advanced tier's message size limit (150 MB, CEGP
 * "Feature limits"; ProtectionTier). The request carrying it has its own, lower limits:
 * GRAPHQL_MAX_BODY_BYTES for `raw`, MIGRATION_MAX_UPLOAD_MB for `file` (use-upload-limit.ts).
 */
export const MAX_SIMULATION_BYTES = 150 * 1024 * 1024;
/** Envelope recipients of one simulation: CEGP's recipients per message (the SMTP listener's bound). */
export const MAX_SIMULATION_RECIPIENTS = 500;
/** An RFC 5321 path: 64-octet local part, "@", 255-octet domain (§4.5.3.1). */
export const MAX_SIMULATION_ADDRESS_CHARS = 320;

/** One `@`, something either side, no spaces: what an SMTP envelope address must at least be. */
const ADDRESS = /^[^\s@]+@[^\s@]+$/;

export interface SimulationEnvelope {
  envelopeSender: string;
  envelopeRecipients: string[];
}

/** The envelope trimmed, or every problem at once. `sizeBytes`: of the message, when known. */
export function checkSimulationInput(input: {
  sources: number;
  sizeBytes: number | null;
  envelopeSender: string;
  envelopeRecipients: readonly string[];
}): SimulationEnvelope {
  const errors: ExpectedError[] = [];
  if (input.sources !== 1) errors.push(trackingErrors.error('SIMULATION_SOURCE_REQUIRED', {}, 'input.raw'));
  if (input.sizeBytes !== null && input.sizeBytes > MAX_SIMULATION_BYTES)
    errors.push(
      trackingErrors.error('SIMULATION_MESSAGE_TOO_LARGE', { sizeBytes: input.sizeBytes, maxBytes: MAX_SIMULATION_BYTES }, 'input'),
    );
  const envelopeSender = input.envelopeSender.trim();
  if (envelopeSender !== '' && !validAddress(envelopeSender))
    errors.push(trackingErrors.error('SIMULATION_ADDRESS_INVALID', { address: envelopeSender.slice(0, 100) }, 'input.envelopeSender'));
  const recipients = input.envelopeRecipients.map((r) => r.trim());
  if (recipients.length === 0) errors.push(trackingErrors.error('SIMULATION_RECIPIENTS_REQUIRED', {}, 'input.envelopeRecipients'));
  if (recipients.length > MAX_SIMULATION_RECIPIENTS)
    errors.push(
      trackingErrors.error(
        'SIMULATION_TOO_MANY_RECIPIENTS',
        { count: recipients.length, max: MAX_SIMULATION_RECIPIENTS },
        'input.envelopeRecipients',
      ),
    );
  else
    recipients.forEach((r, i) => {
      if (!validAddress(r))
        errors.push(trackingErrors.error('SIMULATION_ADDRESS_INVALID', { address: r.slice(0, 100) }, `input.envelopeRecipients.${i}`));
    });
  if (errors.length) throw errors.length === 1 ? errors[0]! : new ExpectedErrors(errors);
  return { envelopeSender, envelopeRecipients: recipients };
}

function validAddress(a: string): boolean {
  return a.length <= MAX_SIMULATION_ADDRESS_CHARS && ADDRESS.test(a);
}
