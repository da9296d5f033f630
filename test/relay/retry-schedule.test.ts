import { describe, expect, it } from 'vitest';
import { RETRY_MAX_DELAY_SECONDS, retryDelaySeconds, retrySchedule } from '../../src/relay/retry-schedule.js';

const policy = { baseSeconds: 60, lifetimeHours: 240 };
const t0 = new Date('2026-12-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('retrySchedule', () => {
  it('backs off 1, 2, 4 … minutes, at most an hour apart', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelaySeconds(n, policy))).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    expect(retryDelaySeconds(5000, policy)).toBe(RETRY_MAX_DELAY_SECONDS);
    expect(retrySchedule(t0, 1, t0, policy)).toEqual({ kind: 'retry', at: at(60) });
    expect(retrySchedule(t0, 3, at(1000), policy)).toEqual({ kind: 'retry', at: at(1240) });
  });

  it('keeps CEGP’s 10 days: the last retry falls on the expiry, a failure there expires the message', () => {
    const tenDays = 240 * 3600;
    expect(retrySchedule(t0, 200, at(tenDays - 10), policy)).toEqual({ kind: 'retry', at: at(tenDays) });
    expect(retrySchedule(t0, 201, at(tenDays), policy)).toEqual({ kind: 'expire', expiredAt: at(tenDays) });
    expect(retrySchedule(t0, 1, at(tenDays + 3600), policy).kind).toBe('expire');
  });

  it('follows the configured base and lifetime', () => {
    const short = { baseSeconds: 5, lifetimeHours: 1 };
    expect(retrySchedule(t0, 1, t0, short)).toEqual({ kind: 'retry', at: at(5) });
    expect(retrySchedule(t0, 1, at(3600), short).kind).toBe('expire');
  });
});
