import { describe, expect, it } from 'vitest';
import { isFinalStatus, messageStatusOf } from '../../src/relay/message-status.js';

describe('messageStatusOf', () => {
  it('is not final while a recipient may still change', () => {
    expect(messageStatusOf(['DELIVERED', 'DEFERRED', 'PROCESSING'])).toBe('DEFERRED');
    expect(messageStatusOf(['DELIVERED', 'PROCESSING'])).toBe('PROCESSING');
    expect(isFinalStatus('DEFERRED')).toBe(false);
  });

  it('is DELIVERED when any recipient got it, else the failure', () => {
    expect(messageStatusOf(['DELIVERED', 'DELIVERED'])).toBe('DELIVERED');
    expect(messageStatusOf(['BOUNCED', 'DELIVERED', 'EXPIRED'])).toBe('DELIVERED');
    expect(messageStatusOf(['EXPIRED', 'BOUNCED'])).toBe('BOUNCED');
    expect(messageStatusOf(['EXPIRED'])).toBe('EXPIRED');
    expect(messageStatusOf(['QUARANTINED', 'QUARANTINED'])).toBe('QUARANTINED');
  });
});
