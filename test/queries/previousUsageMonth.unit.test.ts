import { describe, expect, it } from '@jest/globals';
import { previousUsageMonth } from '../../src/readModels/monthlyTokens/getUsageComparison.js';

describe('the month before the usage month', () => {
  it('is the first day of the previous UTC calendar month, across a year', () => {
    expect(previousUsageMonth(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-02-01');
    expect(previousUsageMonth(new Date('2026-01-01T00:00:00.000Z'))).toBe('2025-12-01');
  });
});
