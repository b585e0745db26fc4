// Display formatting. Dates from the API are UTC days, so they are formatted in UTC.

const integer = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const shortDate = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const longDate = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

function utcDay(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatShare(share: number): string {
  return percent.format(share);
}

/** "Mar 5" */
export function formatShortDate(date: string): string {
  return shortDate.format(utcDay(date));
}

/** "Thu, Mar 5, 2026" */
export function formatLongDate(date: string): string {
  return longDate.format(utcDay(date));
}
