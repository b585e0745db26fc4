import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { KeyRing } from '../auth/signingKeys.js';
import { systemClock } from '../clock.js';
import type { CommandDeps, CommandOrigin } from '../commands/commandDeps.js';
import { loadConfig } from '../config.js';
import { createPool } from '../db/pool.js';
import { createEventStore } from './createEventStore.js';

export interface CliContext {
  deps: CommandDeps;
  keys: KeyRing;
  origin: CommandOrigin;
}

// CLI commands need the event store and Postgres only: no Redis, no HTTP, and
// no log lines on stdout, which belongs to the command's output.
export async function withCliContext<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: 2,
    applicationName: 'cli',
  });
  const eventStore = await createEventStore(config, pool).catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  try {
    return await work({
      deps: { eventStore, pool, clock: systemClock },
      keys: new KeyRing({
        pool,
        clock: systemClock,
        rotationDays: config.SIGNING_KEY_ROTATION_DAYS,
        maxTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      }),
      origin: { actor: { type: 'cli', id: operatorName() }, correlationId: randomUUID() },
    });
  } finally {
    await eventStore.close();
    await pool.end();
  }
}

function operatorName(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}
