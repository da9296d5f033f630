// simulateMessage: what the tenant's current policy would do with a message, by the relay's
// engine (services.relay.simulate); nothing is stored, delivered or notified.
import { GraphQLError } from 'graphql';
import type { MessageEvaluation } from '../../relay/relay-operations.js';
import { checkSimulationInput } from '../../relay/simulation-input.js';
import { trackingErrors } from '../../relay/tracking-errors.js';
import { builder } from '../builder.js';
import { queryError } from '../query-errors.js';
import { MessageVerdictRef, verdictGroupsOf } from './message-verdict.js';
import { DirectionEnum } from './policy-rule.js';

const SimulateInput = builder.inputType('SimulateMessageInput', {
  fields: (t) => ({
    raw: t.string({
      description:
        'The message as text (an .eml, CR LF or LF line ends). A message with other control characters (the ESC of ISO-2022-JP) goes as file.',
    }),
    file: t.field({ type: 'Upload', description: 'The message as a multipart upload (GraphQL multipart request specification).' }),
    envelopeSender: t.string({ required: true, description: 'MAIL FROM; "" for the null sender.' }),
    envelopeRecipients: t.stringList({ required: true }),
    direction: t.field({ type: DirectionEnum, defaultValue: 'INBOUND' }),
  }),
});

builder.queryField('simulateMessage', (t) =>
  t.field({
    type: MessageVerdictRef,
    description:
      "What the tenant's current policy would do with this message (the first verdict: recipients under different rules get several in mailMessages). Nothing is stored, delivered or notified.",
    args: { input: t.arg({ type: SimulateInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      try {
        const file = input.file as File | null | undefined;
        if (file && typeof file.arrayBuffer !== 'function')
          throw new GraphQLError('file must be sent as a multipart upload (GraphQL multipart request specification)');
        const sources = (input.raw != null ? 1 : 0) + (file ? 1 : 0);
        const sizeBytes = file ? file.size : input.raw != null ? Buffer.byteLength(input.raw) : null;
        const envelope = checkSimulationInput({
          sources,
          sizeBytes,
          envelopeSender: input.envelopeSender,
          envelopeRecipients: input.envelopeRecipients,
        });
        const simulate = ctx.services.relay?.simulate;
        if (!simulate) throw trackingErrors.error('RELAY_NOT_RUNNING', { operation: 'simulateMessage' });
        const raw = file ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode(input.raw ?? '');
        const evaluation: MessageEvaluation = await simulate({
          raw,
          ...envelope,
          direction: input.direction ?? 'INBOUND',
          tenantId: ctx.tenant.id,
        });
        const [first] = verdictGroupsOf(evaluation);
        if (!first) throw new Error('the relay simulated no verdict');
        return first;
      } catch (err) {
        throw queryError(err, ctx.locale);
      }
    },
  }),
);
