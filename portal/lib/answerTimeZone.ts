// The zone a panel's figures are in, as the answer itself says. Every analytics answer of
// the API names it in its Reporting-Time-Zone header (the zone the API computed in, in the
// same read as the figures), and the portal's routes pass the header on. The tenant's
// setting can be one refresh ahead of the analytics right after a change, so a panel names
// the zone of the answer it shows and falls back to the setting only for an answer without
// the header (an older API).
import { PANEL_TIMES, panelTimeZone, type ReportingPanel } from '#lib/panelTimeZones';

export const REPORTING_TIME_ZONE_HEADER = 'reporting-time-zone';

/** How long a panel waits before loading again an answer computed in the zone before a change. */
export const CATCH_UP_DELAY_MS = 1_000;

// IANA names ("Asia/Kolkata", "America/Argentina/Buenos_Aires", "Etc/GMT+5") and "UTC".
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;
const MAX_ZONE_LENGTH = 64;

/** The zone the headers name, or undefined when they name none (or something else). */
export function answerTimeZone(headers: Headers): string | undefined {
  const value = headers.get(REPORTING_TIME_ZONE_HEADER)?.trim();
  if (value === undefined || value.length > MAX_ZONE_LENGTH || !ZONE_NAME.test(value)) {
    return undefined;
  }
  return value;
}

/** The header to pass on with a forwarded answer: the API's zone, or nothing. */
export function forwardedTimeZoneHeader(upstream: Headers): Record<string, string> {
  const zone = answerTimeZone(upstream);
  return zone === undefined ? {} : { [REPORTING_TIME_ZONE_HEADER]: zone };
}

/**
 * The zone to name on a panel: the one its answer names, otherwise the tenant's setting
 * read through the panel table; undefined while neither is known.
 */
export function labelTimeZone(
  panel: ReportingPanel,
  answerZone: string | undefined,
  tenantZone: string | undefined,
): string | undefined {
  if (answerZone !== undefined) return answerZone;
  return tenantZone === undefined ? undefined : panelTimeZone(panel, tenantZone);
}

/**
 * True when a panel that follows the tenant's zone shows an answer computed in another one:
 * the analytics have not seen the latest change of the setting yet.
 */
export function answerIsBehind(
  panel: ReportingPanel,
  answerZone: string | undefined,
  tenantZone: string | undefined,
): boolean {
  if (PANEL_TIMES[panel].basis !== 'tenant') return false;
  return answerZone !== undefined && tenantZone !== undefined && answerZone !== tenantZone;
}
