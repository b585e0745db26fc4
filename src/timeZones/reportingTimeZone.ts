// A tenant's reporting time zone: an IANA name that this runtime's time-zone
// data knows. Every offset in use is a multiple of 15 minutes, so quarter-hour
// rows are enough to bucket any zone exactly.

export const defaultTimeZone = 'UTC';

/** Longest zone name accepted (the longest IANA name has 30 characters). */
export const maxTimeZoneLength = 64;

// Area/Location[/Sublocation], e.g. America/Argentina/Buenos_Aires, or UTC.
// Offsets ("+05:30") and POSIX rules ("EST5EDT") are not zones an admin picks.
const ianaNamePattern = /^(?:UTC|[A-Z][A-Za-z]+(?:\/[A-Z][A-Za-z0-9_+-]*){1,2})$/;

const knownByLowerCase = new Map(
  [defaultTimeZone, ...Intl.supportedValuesOf('timeZone')].map((zone) => [
    zone.toLowerCase(),
    zone,
  ]),
);

function runtimeKnows(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's name as stored and shown, or undefined when it is not an IANA
 * zone this runtime knows. Names differing only in case from a canonical one
 * take its spelling; other links (Asia/Kolkata, Asia/Kathmandu) are kept as
 * given, since ICU's canonical names for them are the older spellings.
 */
export function reportingTimeZone(name: string): string | undefined {
  if (name.length === 0 || name.length > maxTimeZoneLength) return undefined;
  const known = knownByLowerCase.get(name.toLowerCase());
  if (known !== undefined) return known;
  return ianaNamePattern.test(name) && runtimeKnows(name) ? name : undefined;
}
