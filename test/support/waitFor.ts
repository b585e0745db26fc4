import type { Pool } from '../../src/db/pool.js';
import { comparePositions, type EventStore } from '../../src/eventstore/EventStore.js';
import { readCheckpoints } from '../../src/projections/runner/checkpoints.js';
import { allProjections } from '../../src/readModels/allProjections.js';

/** Polls until `condition` holds; fails with `what` after the deadline. */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 20000,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Every projection's checkpoint is at the newest event. */
export async function allCaughtUp(pool: Pool, store: EventStore): Promise<boolean> {
  const head = await store.headPosition();
  const checkpoints = await readCheckpoints(
    pool,
    allProjections.map((p) => p.name),
  );
  return checkpoints.every((c) => comparePositions(c.position, head) === 0);
}
