import type { QuotaPeriod } from '../../contract.js';

// A quota period named by its UTC start, as text that sorts in time order:
// `2026-11-25T12` (hour), `2026-11-25` (day), `2026-11` (calendar month).
export function periodKey(period: QuotaPeriod, at: Date): string {
  const iso = at.toISOString();
  switch (period) {
    case 'hour':
      return iso.slice(0, 13);
    case 'day':
      return iso.slice(0, 10);
    case 'month':
      return iso.slice(0, 7);
    default: {
      const unknown: never = period;
      return unknown;
    }
  }
}

export function periodStart(period: QuotaPeriod, key: string): Date {
  switch (period) {
    case 'hour':
      return new Date(`${key}:00:00.000Z`);
    case 'day':
      return new Date(`${key}T00:00:00.000Z`);
    case 'month':
      return new Date(`${key}-01T00:00:00.000Z`);
    default: {
      const unknown: never = period;
      return unknown;
    }
  }
}

export function periodEnd(period: QuotaPeriod, key: string): Date {
  const start = periodStart(period, key);
  if (period === 'hour') return new Date(start.getTime() + 3_600_000);
  if (period === 'day') return new Date(start.getTime() + 86_400_000);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}
