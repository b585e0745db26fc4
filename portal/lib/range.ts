// Date ranges: the three the page offers, and the wider set the API accepts.
import { maxTrendDays } from '../../src/contract.ts';

export const RANGE_OPTIONS = [7, 30, 90] as const;
export type RangeDays = (typeof RANGE_OPTIONS)[number];
export const DEFAULT_RANGE: RangeDays = 30;

export const MAX_API_DAYS = maxTrendDays;

/** The page's `?days=` value, falling back to the default for anything not offered. */
export function parseRange(value: string | null | undefined): RangeDays {
  const days = Number(value);
  return RANGE_OPTIONS.find((option) => option === days) ?? DEFAULT_RANGE;
}

/** A `days` query value the API accepts (integer 1..90), or undefined. */
export function parseApiDays(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) return undefined;
  const days = Number(value);
  return days >= 1 && days <= MAX_API_DAYS ? days : undefined;
}
