import { describe, expect, it } from 'vitest';
import { CAPTURE_HOST, DEFAULT_INBOUND_SERVER } from '../../src/domains/capture-host.js';
import { validateInboundServers } from '../../src/domains/domain-input.js';

describe('validateInboundServers and the capture mailbox', () => {
  it('accepts the capture host as written, in any case, although a single label is no mail host', () => {
    const r = validateInboundServers(
      [{ host: 'Capture' }, { recipient: 'a@example.com', host: 'capture', port: 2526 }],
      'example.com',
      'f',
    );
    expect(r.problems).toEqual([]);
    expect(r.servers).toEqual([
      { recipient: '*', host: CAPTURE_HOST, port: 25, preference: 10 },
      { recipient: 'a@example.com', host: CAPTURE_HOST, port: 2526, preference: 10 },
    ]);
    // Any other single label is still refused.
    expect(validateInboundServers([{ host: 'mailhost' }], 'example.com', 'f').problems.map((p) => p.code)).toEqual([
      'INBOUND_SERVER_HOST_INVALID',
    ]);
  });

  it('validates the default row a domain gets without inbound servers', () => {
    expect(validateInboundServers([DEFAULT_INBOUND_SERVER], 'example.com', 'f')).toEqual({
      servers: [DEFAULT_INBOUND_SERVER],
      problems: [],
    });
  });
});
