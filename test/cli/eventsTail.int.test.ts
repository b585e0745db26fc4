// `events tail` as a real CLI process: it follows one tenant's events live and
// stops cleanly on SIGINT.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { createEventStore } from '../../src/app/createEventStore.js';
import type { EventStore } from '../../src/eventstore/EventStore.js';
import { streamNames } from '../../src/events/streams.js';
import { projectRoot } from '../../src/stack/localStack.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

let db: TestDatabase;
let eventStore: EventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  eventStore = await createEventStore(loadConfig({ DATABASE_URL: db.url }), db.pool);
});

afterAll(async () => {
  await eventStore?.close();
  await db?.drop();
});

async function appendCreated(tenantId: string, name: string): Promise<void> {
  await eventStore.appendToStream(streamNames.tenant(tenantId), [
    {
      type: 'TenantCreated',
      data: { tenantId, name },
      metadata: {
        tenantId,
        occurredAt: new Date().toISOString(),
        actor: { type: 'cli', id: 'ops' },
        correlationId: randomUUID(),
        causationId: null,
      },
    },
  ]);
}

describe('events tail', () => {
  it("prints one line per new event of the tenant, none of another tenant's, until SIGINT", async () => {
    const [tenant, other] = [randomUUID(), randomUUID()];
    await appendCreated(tenant, 'before the tail started');

    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url };
    delete env.NODE_OPTIONS;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/index.ts', 'events', 'tail', '--tenant', tenant, '--json'],
      { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: string[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      // The tail starts at the newest event once connected; keep appending until it shows one.
      const deadline = Date.now() + 30_000;
      let round = 0;
      while (!lines.some((line) => line.includes('"live ')) && Date.now() < deadline) {
        round += 1;
        await appendCreated(other, `other ${round}`);
        await appendCreated(tenant, `live ${round}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));

      const printed = lines
        .filter((line) => line.trim() !== '')
        .map(
          (line) => JSON.parse(line) as { type: string; stream: string; data: { name: string } },
        );
      expect(printed.length).toBeGreaterThan(0);
      for (const event of printed) {
        expect(event.type).toBe('TenantCreated');
        expect(event.stream).toBe(streamNames.tenant(tenant));
        expect(event.data.name).toMatch(/^live \d+$/);
      }
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);
});
