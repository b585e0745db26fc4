// UTC buckets of an event's occurred-at. Never local time: a server's time
// zone must not move an event to another day.

/** 'YYYY-MM-DD' of the UTC day. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The instant at the start of the UTC hour, as an ISO string. */
export function utcHour(at: Date): string {
  return `${at.toISOString().slice(0, 13)}:00:00.000Z`;
}

/** 'YYYY-MM-01' of the UTC month. */
export function utcMonth(at: Date): string {
  return `${at.toISOString().slice(0, 7)}-01`;
}
