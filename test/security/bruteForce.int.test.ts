import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  clientSecretMatches,
  hashClientSecret,
  newClientSecret,
  unknownClientHash,
} from '../../src/commands/credentials/clientSecrets.js';
import { startSecurityApp, type SecurityApp } from './support/securityApp.js';

describe('brute force on client secrets', () => {
  let api: SecurityApp;
  beforeAll(async () => {
    api = await startSecurityApp({ FAILED_AUTH_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => api.close());

  it('rate limits repeated wrong secrets (429 + Retry-After) and records them', async () => {
    const { clientId, clientSecret } = api.agent;
    const attempt = (secret: string) =>
      request(api.url)
        .post('/oauth2/token')
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await attempt(`${clientSecret}${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const locked = await attempt(clientSecret);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(locked.body.access_token).toBeUndefined();

    const { rows } = await api.ctx.runtime.pool.query<{ data: { error: string } }>(
      `SELECT data FROM events WHERE event_type = 'TokenRequestRejected' AND data->>'clientId' = $1`,
      [clientId],
    );
    const errors = rows.map((row) => row.data.error);
    expect(errors.filter((e) => e === 'invalid_client')).toHaveLength(5);
    // The secrets tried are never part of the record.
    expect(JSON.stringify(rows)).not.toContain(clientSecret);
  });
});

// The comparison must take the same time whatever the secret: a right-length
// wrong secret, a near miss, and an unknown client all hash then compare
// fixed-length digests. Medians over many interleaved runs keep this robust on
// a shared machine; the tolerance is generous, the difference an early-exit
// string compare would make on a near miss is not.
describe('secret comparison timing', () => {
  it('compares fixed-length digests with timingSafeEqual', () => {
    const source = readFileSync(
      new URL('../../src/commands/credentials/clientSecrets.ts', import.meta.url),
      'utf8',
    );
    expect(source).toMatch(/timingSafeEqual\(candidate, storedHash\)/);
    expect(source).not.toMatch(/secret\s*===|===\s*secret|\.equals\(/);
    expect(hashClientSecret('x')).toHaveLength(32);
    expect(hashClientSecret('x'.repeat(10_000))).toHaveLength(32);
    expect(unknownClientHash).toHaveLength(32);
  });

  it('does not depend on how close the secret is', () => {
    const secret = newClientSecret();
    const stored = hashClientSecret(secret);
    const nearMiss = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const farMiss = newClientSecret();
    expect(clientSecretMatches(secret, stored)).toBe(true);
    expect(clientSecretMatches(nearMiss, stored)).toBe(false);

    const cases = {
      nearMiss: () => clientSecretMatches(nearMiss, stored),
      farMiss: () => clientSecretMatches(farMiss, stored),
      unknownClient: () => clientSecretMatches(nearMiss, unknownClientHash),
      right: () => clientSecretMatches(secret, stored),
    };
    const samples: Record<string, number[]> = {};
    const batch = 200;
    for (let round = 0; round < 300; round += 1) {
      for (const [name, run] of Object.entries(cases)) {
        const started = process.hrtime.bigint();
        for (let i = 0; i < batch; i += 1) run();
        (samples[name] ??= []).push(Number(process.hrtime.bigint() - started) / batch);
      }
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[values.length >> 1] as number;
    const medians = Object.values(samples).map(median);
    const ratio = Math.max(...medians) / Math.min(...medians);
    expect(ratio).toBeLessThan(1.5);
  });
});
