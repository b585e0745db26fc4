// Server-side settings, read from the environment once.
import 'server-only';
import { z } from 'zod';

const envSchema = z.object({
  API_URL: z.url().default('http://127.0.0.1:4000'),
  API_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  // As in the API: trust X-Forwarded-* only behind our own TLS-terminating proxy.
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  // Shared with the API: lets the API lock out failed sign-ins per browser, not per portal.
  PORTAL_SOURCE_SECRET: z.string().min(32).optional(),
});

export interface PortalConfig {
  apiUrl: string;
  apiTimeoutMs: number;
  trustProxy: boolean;
  portalSourceSecret: string | undefined;
}

let cached: PortalConfig | undefined;

export function portalConfig(): PortalConfig {
  if (cached === undefined) {
    const env = envSchema.parse(
      Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')),
    );
    cached = {
      apiUrl: env.API_URL,
      apiTimeoutMs: env.API_TIMEOUT_MS,
      trustProxy: env.TRUST_PROXY,
      portalSourceSecret: env.PORTAL_SOURCE_SECRET,
    };
  }
  return cached;
}

/** Absolute URL of an API path such as `/api/analytics/tokens?days=30`. */
export function apiEndpoint(path: string): URL {
  return new URL(path, portalConfig().apiUrl);
}
