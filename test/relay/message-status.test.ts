import { describe, expect, it } from 'vitest';
import { isFinalStatus, messageStatusOf } from '../../src/relay/message-status.js';

describe('messageStatusOf', () => {
  it('is not final while a recipient may still change', () => {
    expect(messageStatusOf(['DELIVERED', 'DEFERRED', 'PROCESSING'])).toBe('DEFERRED');
    expect(messageStatusOf(['DELIVERED', 'PROCESSING'])).toBe('PROCESSING');
    expect(isFinalStatus('DEFERRED')).toBe(false);
  });

  it('says it all when the recipients agree, else shows what a tester most needs to see', () => {
    expect(messageStatusOf(['DELIVERED', 'DELIVERED'])).toBe('DELIVERED');
    expect(messageStatusOf(['EXPIRED'])).toBe('EXPIRED');
    expect(messageStatusOf(['QUARANTINED', 'QUARANTINED'])).toBe('QUARANTINED');
    // A failure over an interception over a re-route over a delivery.
    expect(messageStatusOf(['BOUNCED', 'DELIVERED', 'EXPIRED'])).toBe('BOUNCED');
    expect(messageStatusOf(['EXPIRED', 'DELIVERED'])).toBe('EXPIRED');
    expect(messageStatusOf(['DELIVERED', 'QUARANTINED'])).toBe('QUARANTINED');
    expect(messageStatusOf(['DELETED', 'DELIVERED'])).toBe('DELETED');
    // Change recipient: the original's row is REDIRECTED, its replacement DELIVERED.
    expect(messageStatusOf(['REDIRECTED', 'DELIVERED'])).toBe('REDIRECTED');
    expect(messageStatusOf([])).toBe('PROCESSING');
  });
});
