const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UUID given on the command line, in lower case: ids are matched and
 * written to stream names as the API writes them, whatever case was typed.
 */
export function requireUuid(value: string, what: string): string {
  if (!uuidPattern.test(value)) throw new Error(`The ${what} must be a UUID`);
  return value.toLowerCase();
}
