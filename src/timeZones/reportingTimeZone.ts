// A tenant's reporting time zone: an IANA name that this runtime's time-zone
// data knows. Every offset in use is a multiple of 15 minutes, so quarter-hour
// rows are enough to bucket any zone exactly.

export const defaultTimeZone = 'UTC';

/** Longest zone name accepted (the longest IANA name has 30 characters). */
export const maxTimeZoneLength = 64;

// Area/Location[/Sublocation], e.g. America/Argentina/Buenos_Aires, or UTC.
// Offsets ("+05:30") and POSIX rules ("EST5EDT") are not zones an admin picks.
const ianaNamePattern = /^(?:UTC|[A-Z][A-Za-z]+(?:\/[A-Z][A-Za-z0-9_+-]*){1,2})$/;

function runtimeKnows(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Current IANA names that ICU lists under an older spelling (Asia/Calcutta,
// Asia/Katmandu, ...): they are what an admin types and what the tz database
// calls the zone today.
const currentNamesOfIcuLinks = [
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'America/Atikokan',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Nuuk',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Yangon',
  'Atlantic/Faroe',
  'Europe/Kyiv',
  'Pacific/Chuuk',
  'Pacific/Kanton',
  'Pacific/Pohnpei',
];

const knownByLowerCase = new Map(
  [defaultTimeZone, ...Intl.supportedValuesOf('timeZone'), ...currentNamesOfIcuLinks]
    .filter(runtimeKnows)
    .map((zone) => [zone.toLowerCase(), zone]),
);

/**
 * The zone's name as stored and shown, or undefined when it is not an IANA
 * zone this runtime knows. Names differing only in case from a known one
 * take its spelling; other links the runtime knows are kept as given.
 */
export function reportingTimeZone(name: string): string | undefined {
  if (name.length === 0 || name.length > maxTimeZoneLength) return undefined;
  const known = knownByLowerCase.get(name.toLowerCase());
  if (known !== undefined) return known;
  return ianaNamePattern.test(name) && runtimeKnows(name) ? name : undefined;
}
