// Reporting time zones as the settings picker offers them: every IANA name the
// browser knows, plus UTC, each with its current offset from UTC.

export const UTC = 'UTC';

/**
 * ICU (and so the browser's list) still names some zones by their old spelling;
 * the admin should also find the current IANA name, which the API accepts.
 */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
};

export interface TimeZoneOption {
  zone: string;
  /** "+05:30", "-04:00", "+00:00"; undefined when this browser does not know the zone. */
  offset: string | undefined;
}

/** The zone's offset from UTC at `at`, as "+05:30", or undefined for a zone unknown here. */
export function utcOffset(zone: string, at: Date): string | undefined {
  let name: string | undefined;
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
  } catch {
    return undefined;
  }
  if (name === undefined) return undefined;
  // "GMT+05:30", "GMT-04:00", or plain "GMT" when the offset is zero.
  const offset = name.replace(/^(GMT|UTC)/, '');
  if (offset === '') return '+00:00';
  return /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : undefined;
}

/** "UTC" for UTC, otherwise "Asia/Kolkata (UTC+05:30)" (or the bare name when unknown here). */
export function describeTimeZone(zone: string, at: Date): string {
  if (zone === UTC) return UTC;
  const offset = utcOffset(zone, at);
  return offset === undefined ? zone : `${zone} (UTC${offset})`;
}

function knownHere(zone: string): boolean {
  return utcOffset(zone, new Date(0)) !== undefined;
}

/**
 * UTC first, then every zone of `supported` and the current names of renamed ones,
 * sorted by name; `current` (the stored setting) is always among them.
 */
export function timeZoneOptions(
  supported: readonly string[],
  at: Date,
  current?: string,
): TimeZoneOption[] {
  const zones = new Set<string>();
  for (const zone of supported) {
    if (zone === UTC) continue;
    zones.add(zone);
    const currentName = CURRENT_NAMES[zone];
    if (currentName !== undefined && knownHere(currentName)) zones.add(currentName);
  }
  if (current !== undefined && current !== UTC) zones.add(current);
  const sorted = [...zones].sort((a, b) => a.localeCompare(b, 'en'));
  return [UTC, ...sorted].map((zone) => ({ zone, offset: utcOffset(zone, at) }));
}

/** The option's text in the picker: "Asia/Kolkata (UTC+05:30)", "UTC". */
export function optionLabel(option: TimeZoneOption): string {
  if (option.zone === UTC || option.offset === undefined) return option.zone;
  return `${option.zone.replaceAll('_', ' ')} (UTC${option.offset})`;
}

/**
 * The options matching every word of `query` (case-insensitive; "new york" finds
 * America/New_York, "+05:30" or "utc+05" finds Asia/Kolkata). `keep` stays in the
 * list whatever the query, so the picker never loses its selected value.
 */
export function filterTimeZones(
  options: readonly TimeZoneOption[],
  query: string,
  keep?: string,
): TimeZoneOption[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  const matches = options.filter((option) => {
    const text = `${option.zone} ${option.zone.replaceAll('_', ' ')} utc${option.offset ?? ''}`;
    const haystack = text.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  if (keep === undefined || matches.some((option) => option.zone === keep)) return matches;
  const kept = options.find((option) => option.zone === keep);
  return kept === undefined ? matches : [kept, ...matches];
}

/** The zones this browser knows (IANA names), as the picker's source. */
export function browserTimeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}
