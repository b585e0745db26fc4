import { describe, expect, it } from '@jest/globals';
import { utcDay, utcHour, utcMonth } from '../../src/readModels/timeBuckets.js';

describe('UTC time buckets', () => {
  it('buckets each instant by its own UTC hour, day and month, however they follow each other', () => {
    const instants = [
      '2026-01-31T23:59:59.999Z',
      '2026-01-31T23:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
      '2026-01-31T23:30:00.000Z',
      '2024-02-29T12:34:56.789Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
    ];
    const buckets = instants.map((text) => {
      const at = new Date(text);
      return [utcHour(at), utcDay(at), utcMonth(at)];
    });
    expect(buckets).toEqual(
      instants.map((text) => [
        `${text.slice(0, 13)}:00:00.000Z`,
        text.slice(0, 10),
        `${text.slice(0, 7)}-01`,
      ]),
    );
  });

  it('rejects an invalid date as formatting it would', () => {
    expect(() => utcHour(new Date(Number.NaN))).toThrow(RangeError);
  });
});
