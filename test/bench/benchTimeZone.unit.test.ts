import { describe, expect, it } from '@jest/globals';
import { benchTimeZone } from '../../bench/benchmarks/queries/benchTimeZone.js';

describe('BENCH_TIME_ZONE', () => {
  it('is UTC when unset or empty', () => {
    expect(benchTimeZone({})).toBe('UTC');
    expect(benchTimeZone({ BENCH_TIME_ZONE: '' })).toBe('UTC');
  });

  it('takes a zone the service accepts, in its stored spelling', () => {
    expect(benchTimeZone({ BENCH_TIME_ZONE: 'Asia/Kathmandu' })).toBe('Asia/Kathmandu');
    expect(benchTimeZone({ BENCH_TIME_ZONE: 'america/new_york' })).toBe('America/New_York');
  });

  it.each(['Mars/Olympus', '+05:45', 'EST5EDT'])('refuses %s, naming the variable', (name) => {
    expect(() => benchTimeZone({ BENCH_TIME_ZONE: name })).toThrow(/^BENCH_TIME_ZONE: /);
  });
});
