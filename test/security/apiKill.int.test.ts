import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base64url } from 'jose';
import { systemClock } from '../../src/clock.js';
import { registerAgent } from '../../src/commands/agents/registerAgent.js';
import { createTenant } from '../../src/commands/tenants/createTenant.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import { waitForHttp } from '../../src/stack/waitForHttp.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../support/testDatabase.js';
import { domainEventCodec } from '../../src/events/registry.js';

// The API is SIGKILLed while clients are fetching tokens. A token is sent only
// after its TokenIssued event is durably appended, so every token a client
// holds is in the log. The converse does not hold: an event whose response
// was lost in the kill is possible, and harmless (nobody holds that token).

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function jtiOf(token: string): string {
  const payload = JSON.parse(
    new TextDecoder().decode(base64url.decode(token.split('.')[1] as string)),
  );
  return payload.jti as string;
}

describe('API process killed during token load', () => {
  let db: TestDatabase;
  let api: ChildProcess | undefined;
  let clients: { clientId: string; clientSecret: string }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const eventStore = new PostgresEventStore({
      codec: domainEventCodec,
      pool: db.pool,
      connectionString: db.url,
    });
    const deps = { pool: db.pool, eventStore, clock: systemClock };
    const origin = { actor: { type: 'cli' as const, id: 'test' }, correlationId: 'setup' };
    const tenant = await createTenant(deps, { name: 'Load', origin });
    clients = [];
    for (let i = 0; i < 4; i += 1) {
      const agent = await registerAgent(deps, {
        tenantId: tenant.tenantId,
        name: `Loader ${i}`,
        origin,
      });
      clients.push({ clientId: agent.agent.clientId, clientSecret: agent.clientSecret });
    }
    await eventStore.close();
  });
  afterAll(async () => {
    if (api && api.exitCode === null && api.signalCode === null) api.kill('SIGKILL');
    await db.drop();
  });

  it('every token a client received has its TokenIssued event', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Node itself with the tsx loader: the tsx CLI would run the server in a
    // grandchild that a SIGKILL of the wrapper leaves running.
    api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => api?.once('exit', () => resolve()));
    await waitForHttp(`${url}/health/ready`, { timeoutMs: 40_000, what: 'API' });

    const received: string[] = [];
    let failures = 0;
    let killed = false;
    const worker = async (client: { clientId: string; clientSecret: string }) => {
      while (!killed) {
        try {
          const response = await fetch(`${url}/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'client_credentials',
              client_id: client.clientId,
              client_secret: client.clientSecret,
            }),
            signal: AbortSignal.timeout(5000),
          });
          const body = (await response.json()) as { access_token?: string };
          if (response.status === 200 && body.access_token) received.push(body.access_token);
        } catch {
          failures += 1; // the connection died with the process
        }
      }
    };
    const load = clients.flatMap((client) => [worker(client), worker(client)]);
    const deadline = Date.now() + 20_000;
    while (received.length < 40 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    api.kill('SIGKILL');
    await exited;
    killed = true;
    await Promise.all(load);

    expect(received.length).toBeGreaterThanOrEqual(40);
    const { rows } = await db.pool.query<{ jti: string }>(
      `SELECT data->>'jti' AS jti FROM events WHERE event_type = 'TokenIssued'`,
    );
    const logged = new Set(rows.map((row) => row.jti));
    const missing = received.map(jtiOf).filter((jti) => !logged.has(jti));
    expect(missing).toEqual([]);
    // Events without a delivered response may exist; never the other way round.
    expect(logged.size).toBeGreaterThanOrEqual(received.length);
    expect(failures).toBeGreaterThan(0);
  }, 90_000);
});
