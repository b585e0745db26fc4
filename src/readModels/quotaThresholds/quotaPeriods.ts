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
