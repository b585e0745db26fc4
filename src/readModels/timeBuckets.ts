// UTC buckets of an event's occurred-at. Never local time: a server's time
// zone must not move an event to another day.

const hourMs = 3_600_000;
const dayMs = 86_400_000;

// Formatting a date is the costliest step of bucketing, and consecutive
// events of a batch mostly share their bucket (the log is roughly in time
// order), so each bucket function remembers its last answer. UTC days and
// hours are whole multiples of a millisecond count: no leap seconds in
// JavaScript time.
function rememberingLast(size: number, format: (start: Date) => string): (at: Date) => string {
  let lastStart = Number.NaN;
  let lastText = '';
  return (at) => {
    const start = Math.floor(at.getTime() / size) * size;
    if (start !== lastStart) {
      lastText = format(new Date(start));
      lastStart = start;
    }
    return lastText;
  };
}

/** 'YYYY-MM-DD' of the UTC day. */
export const utcDay = rememberingLast(dayMs, (start) => start.toISOString().slice(0, 10));

/** The instant at the start of the quarter hour, as an ISO string. */
export const utcQuarterHour = rememberingLast(hourMs / 4, (start) => start.toISOString());

/** The instant at the start of the UTC hour, as an ISO string. */
export const utcHour = rememberingLast(hourMs, (start) => start.toISOString());

/** 'YYYY-MM-01' of the UTC month. */
export const utcMonth = rememberingLast(dayMs, (start) => `${start.toISOString().slice(0, 7)}-01`);
