// Server-side settings, read from the environment once.
import 'server-only';
import { z } from 'zod';

const envSchema = z.object({
  API_URL: z.url().default('http://127.0.0.1:4000'),
  API_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export interface PortalConfig {
  apiUrl: string;
  apiTimeoutMs: number;
}

let cached: PortalConfig | undefined;

export function portalConfig(): PortalConfig {
  if (cached === undefined) {
    const env = envSchema.parse(process.env);
    cached = { apiUrl: env.API_URL, apiTimeoutMs: env.API_TIMEOUT_MS };
  }
  return cached;
}

/** Absolute URL of an API path such as `/api/analytics/tokens?days=30`. */
export function apiEndpoint(path: string): URL {
  return new URL(path, portalConfig().apiUrl);
}
