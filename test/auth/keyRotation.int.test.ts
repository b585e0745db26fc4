import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base64url } from 'jose';
import { systemClock } from '../../src/clock.js';
import { createTenant, type CreatedTenant } from '../../src/commands/tenants/createTenant.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import { startProcess, stopProcess, type ManagedProcess } from '../../src/stack/childProcesses.js';
import { waitForHttp } from '../../src/stack/waitForHttp.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../support/testDatabase.js';
import { domainEventCodec } from '../../src/events/registry.js';

// `keys rotate` in one process (the CLI) must reach a running API process:
// its change notification makes the API sign with the new key at once. The
// API's poll interval is set to a minute here, so only the notification can
// pass the 5-second bound.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function kidOf(token: string): string {
  const header = JSON.parse(
    new TextDecoder().decode(base64url.decode(token.split('.')[0] as string)),
  );
  return header.kid as string;
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('signing key rotation across processes', () => {
  let db: TestDatabase;
  let api: ManagedProcess | undefined;
  let url: string;
  let tenant: CreatedTenant;
  const apiLog: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const eventStore = new PostgresEventStore({
      codec: domainEventCodec,
      pool: db.pool,
      connectionString: db.url,
    });
    tenant = await createTenant(
      { pool: db.pool, eventStore, clock: systemClock },
      { name: 'Rotation', origin: { actor: { type: 'cli', id: 'test' }, correlationId: 'setup' } },
    );
    await eventStore.close();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = startProcess('api', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        SIGNING_KEY_REFRESH_MS: '60000',
        TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
      },
      output: (line) => apiLog.push(line),
    });
    await waitForHttp(`${url}/health/live`, { timeoutMs: 40_000, what: 'API' });
  }, 60_000);
  afterAll(async () => {
    if (api) await stopProcess(api);
    await db.drop();
  });

  const token = async (): Promise<string> => {
    const response = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${tenant.adminClientId}:${tenant.adminClientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const body = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || !body.access_token) {
      throw new Error(`token: ${response.status} ${JSON.stringify(body)} ${apiLog.join('\n')}`);
    }
    return body.access_token;
  };
  const jwksKids = async (): Promise<string[]> => {
    const response = await fetch(`${url}/.well-known/jwks.json`);
    const body = (await response.json()) as { keys: { kid: string }[] };
    return body.keys.map((key) => key.kid);
  };
  const agentsStatus = async (bearer: string): Promise<number> =>
    (await fetch(`${url}/api/agents`, { headers: { authorization: `Bearer ${bearer}` } })).status;

  it('signs with the rotated key within 5 s, publishes it, and refuses a key once expired', async () => {
    const before = await token();
    const oldKid = kidOf(before);
    expect(await jwksKids()).toEqual([oldKid]);

    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'cli', '--', 'keys', 'rotate', '--json'],
      {
        env: { ...process.env, DATABASE_URL: db.url },
      },
    );
    const rotated = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
      signing_kid: string;
    };
    const newKid = rotated.signing_kid;
    expect(newKid).not.toBe(oldKid);

    const elapsed = await waitUntil(async () => kidOf(await token()) === newKid, 5000);
    for (let i = 0; i < 5; i += 1) expect(kidOf(await token())).toBe(newKid);
    expect((await jwksKids()).sort()).toEqual([oldKid, newKid].sort());
    process.stdout.write(`new kid in tokens ${elapsed} ms after the CLI exited\n`);
    expect(elapsed).toBeLessThan(5000);

    // A token of the retired key verifies until the key expires...
    expect(await agentsStatus(before)).toBe(200);
    await db.pool.query(
      `UPDATE signing_keys SET expires_at = now() - interval '1 second' WHERE kid = $1`,
      [oldKid],
    );
    // ...and not after, though the token itself has not expired.
    await waitUntil(async () => (await agentsStatus(before)) === 401, 5000);
    expect(await jwksKids()).toEqual([newKid]);
    expect(await agentsStatus(await token())).toBe(200);
  }, 60_000);
});
