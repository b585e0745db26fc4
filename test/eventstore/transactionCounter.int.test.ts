// Events restored from another cluster by a logical dump carry transaction
// ids above this cluster's counter; every process refuses to open the store.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { createEventStore } from '../../src/app/createEventStore.js';
import { TransactionCounterBehindError } from '../../src/eventstore/postgres/transactionCounter.js';
import { createRuntime } from '../../src/app/runtime.js';
import { projectRoot } from '../../src/stack/localStack.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../support/testDatabase.js';

async function insertEventAt(db: TestDatabase, transactionId: string): Promise<void> {
  const tenantId = randomUUID();
  await db.pool.query(
    `INSERT INTO events (transaction_id, event_id, stream_name, stream_revision, event_type,
                         schema_version, tenant_id, data, metadata, occurred_at)
     VALUES ($1::text::xid8, $2, $3, 0, 'TenantCreated', 1, $4, $5, $6, now())`,
    [
      transactionId,
      randomUUID(),
      `tenant-${tenantId}`,
      tenantId,
      JSON.stringify({ tenantId, name: 'restored' }),
      JSON.stringify({
        tenantId,
        occurredAt: '2026-02-01T00:00:00.000Z',
        actor: { type: 'cli', id: 'ops' },
        correlationId: 'c',
        causationId: null,
      }),
    ],
  );
}

function runCli(databaseUrl: string): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'tenant', 'list'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('opening the Postgres event store over transaction ids from another cluster', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 4 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('opens over ids below the counter, and refuses, naming the problem and the fix, above it', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
    });
    const current = await db.pool.query<{ next: string }>(
      'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next',
    );
    const next = BigInt(current.rows[0]?.next ?? '0');
    await insertEventAt(db, (next - 1n).toString());
    const store = await createEventStore(config, db.pool);
    await store.close();

    // As a dump restored from a cluster in a later epoch leaves them.
    const restored = next + 3n * 2n ** 32n;
    await insertEventAt(db, restored.toString());

    const refusal = createEventStore(config, db.pool);
    await expect(refusal).rejects.toBeInstanceOf(TransactionCounterBehindError);
    const message = await refusal.catch((error: Error) => error.message);
    expect(message).toContain(`transaction id ${restored}`);
    expect(message).toMatch(/restored from another cluster/);
    expect(message).toMatch(/readers would skip every new event/);
    expect(message).toContain(`pg_resetwal -e ${(restored >> 32n) + 1n}`);
    expect(message).toContain('docs/operations.md');

    // The API and worker build their runtime this way; the CLI too.
    await expect(createRuntime(config, 'test')).rejects.toBeInstanceOf(
      TransactionCounterBehindError,
    );
    const cli = await runCli(db.url);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/restored from another cluster/);
  }, 60000);
});
