import { randomBytes } from 'node:crypto';

export interface StackEndpoints {
  databaseUrl: string;
  redisUrl: string;
  apiPort: number;
  portalPort: number;
}

/**
 * The environment the stack's processes share: the given one, with the
 * services' URLs and the ports the stack chose. The issuer is the API's own
 * URL unless ISSUER_URL is set: an API behind a proxy issues tokens under the
 * URL clients use. `extra` (a test's queue prefix, log level) has the last word.
 */
export function stackEnvironment(
  endpoints: StackEndpoints,
  given: NodeJS.ProcessEnv,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const apiUrl = `http://127.0.0.1:${endpoints.apiPort}`;
  return {
    ...given,
    DATABASE_URL: endpoints.databaseUrl,
    REDIS_URL: endpoints.redisUrl,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(endpoints.apiPort),
    ISSUER_URL: given.ISSUER_URL || apiUrl,
    API_URL: apiUrl,
    PORTAL_PORT: String(endpoints.portalPort),
    NEXT_TELEMETRY_DISABLED: '1',
    // Shared by the API and the portal so that failed portal sign-ins lock out one browser,
    // not the portal; a fresh one each start unless the environment sets it.
    PORTAL_SOURCE_SECRET: given.PORTAL_SOURCE_SECRET || randomBytes(32).toString('base64url'),
    ...extra,
  };
}
