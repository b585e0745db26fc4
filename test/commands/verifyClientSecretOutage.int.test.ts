// A credentials lookup that fails (Postgres down) judges nothing, so it must
// not spend the (client, source) failed-secret points the lockout counts:
// otherwise an outage locks out clients holding the right secret.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { Pool } from '../../src/db/pool.js';
import { EventStoreUnavailableError } from '../../src/eventstore/errors.js';
import { createTokenRateLimiter } from '../../src/commands/tokens/tokenRateLimiter.js';
import { verifyClientSecret } from '../../src/commands/tokens/verifyClientSecret.js';
import type { VerifyClientSecretDeps } from '../../src/commands/tokens/verifyClientSecret.js';
import { testRedisUrl } from '../support/testDatabase.js';

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

describe('client authentication while the credentials store is down', () => {
  it('gives back the failed-secret point of every lookup that could not run', async () => {
    const rateLimiter = createTokenRateLimiter({
      redis,
      keyPrefix: `outage-${randomUUID()}`,
      requestsPerMinute: 100,
      failedSecretsPerSourcePerMinute: 3,
      failedSecretsPerClientPerMinute: 100,
      slowdownMs: 0,
    });
    const down = {
      query: () => Promise.reject(new EventStoreUnavailableError(new Error('connection refused'))),
    } as unknown as Pool;
    const deps = { pool: down, rateLimiter } as unknown as VerifyClientSecretDeps;
    const presented = {
      clientId: 'agt_0123456789abcdef0123',
      clientSecret: 'cs_right',
      method: 'client_secret_post' as const,
    };
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await expect(verifyClientSecret(deps, presented, '198.51.100.7')).rejects.toMatchObject({
        status: 503,
      });
      // The give-back is off the answer's path; let it land.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await rateLimiter.screen(presented.clientId, '198.51.100.7')).toEqual({
      admitted: true,
    });
  });
});
