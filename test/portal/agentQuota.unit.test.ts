import { describe, expect, it } from '@jest/globals';
import {
  parseLimit,
  quotaBodySchema,
  quotaFill,
  quotaLevel,
  quotaSummary,
  usageShowsQuota,
} from '../../portal/lib/agentQuota.js';

describe('portal quota helpers', () => {
  it('reads the limit field as the API bounds it', () => {
    expect(parseLimit(' 250 ')).toEqual({ limit: 250 });
    for (const text of ['', '0', '-1', '1.5', '1e3', 'abc', '1000000001']) {
      expect(parseLimit(text)).toHaveProperty('error');
    }
    expect(parseLimit('1000000000')).toEqual({ limit: 1_000_000_000 });
  });

  it('accepts only the API’s body shape', () => {
    expect(quotaBodySchema.safeParse({ limit: 5, period: 'hour', mode: 'enforce' }).success).toBe(
      true,
    );
    for (const body of [
      { limit: 5, period: 'week', mode: 'enforce' },
      { limit: 5, period: 'hour', mode: 'block' },
      { limit: 5, period: 'hour', mode: 'enforce', extra: 1 },
      { limit: 0, period: 'hour', mode: 'enforce' },
    ]) {
      expect(quotaBodySchema.safeParse(body).success).toBe(false);
    }
  });

  it('fills the bar to the limit and colours it by level', () => {
    expect(quotaFill(25, 100)).toBe(0.25);
    expect(quotaFill(150, 100)).toBe(1);
    expect([quotaLevel(79, 100), quotaLevel(80, 100), quotaLevel(100, 100)]).toEqual([
      'ok',
      'warn',
      'full',
    ]);
    expect(quotaSummary({ used: 1234, limit: 5000, period: 'day', mode: 'enforce' })).toBe(
      '1,234 of 5,000 today (enforced)',
    );
  });

  it('tells whether a usage answer shows a quota just set or removed', () => {
    const quota = { limit: 700, period: 'hour', mode: 'monitor' } as const;
    const rows = [
      { agent_id: 'a', quota: { ...quota, used: 12 } },
      { agent_id: 'b', quota: undefined },
    ];
    expect(usageShowsQuota(rows, 'a', quota)).toBe(true);
    expect(usageShowsQuota(rows, 'a', { ...quota, limit: 800 })).toBe(false);
    expect(usageShowsQuota(rows, 'a', { ...quota, mode: 'enforce' })).toBe(false);
    expect(usageShowsQuota(rows, 'a', null)).toBe(false);
    expect(usageShowsQuota(rows, 'b', null)).toBe(true);
    expect(usageShowsQuota(rows, 'b', quota)).toBe(false);
    expect(usageShowsQuota(rows, 'missing', null)).toBe(false);
  });
});
