import type { QuotaPeriod } from '../../contract.js';

const hourMs = 3_600_000;

// Every period key of an instant follows from its UTC hour, and a run of
// tokens asks for all three in turn: the hour's ISO text is remembered.
let lastHour = Number.NaN;
let lastHourText = '';

function hourText(at: Date): string {
  const hour = Math.floor(at.getTime() / hourMs) * hourMs;
  if (hour !== lastHour) {
    lastHourText = new Date(hour).toISOString();
    lastHour = hour;
  }
  return lastHourText;
}

// A quota period named by its UTC start, as text that sorts in time order:
// `2026-11-25T12` (hour), `2026-11-25` (day), `2026-11` (calendar month).
export function periodKey(period: QuotaPeriod, at: Date): string {
  const iso = hourText(at);
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
