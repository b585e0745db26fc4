import { z } from 'zod';
import { maxTimeZoneLength, reportingTimeZone } from '../../timeZones/reportingTimeZone.js';

export const unknownTimeZone = 'must be an IANA time zone name such as Europe/Berlin or UTC';

/**
 * A reporting time zone as an admin types it, by the API's and the CLI's
 * rule: a name the runtime knows, stored in its canonical spelling.
 */
export const timeZoneName = z
  .string()
  .max(maxTimeZoneLength)
  .refine((zone) => reportingTimeZone(zone) !== undefined, unknownTimeZone)
  .overwrite((zone) => reportingTimeZone(zone) ?? zone);
