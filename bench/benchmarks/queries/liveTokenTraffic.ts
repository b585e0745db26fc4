import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { withTransaction } from '../../../src/db/pool.js';
import { streamNames } from '../../../src/events/streams.js';
import { readCheckpoints, setCheckpoint } from '../../../src/projections/runner/checkpoints.js';
import { comparePositions } from '../../../src/eventstore/EventStore.js';
import type { Runtime } from '../../../src/app/runtime.js';
import { allProjections } from '../../../src/readModels/allProjections.js';
import { startProjectionWorkers } from '../tokens/projectionWorkers.js';

// Token traffic for the benchmark's tenant while endpoints are timed: a
// paced loop appends TokenIssued events of its agents to the log (now, so
// they land in today's buckets), and the projection workers, in a process of
// their own as in production, project them. Every batch gives the tenant a
// new read-model version, so most answers are computed afresh, as for a busy
// tenant's dashboard.

export interface LiveTrafficOptions {
  runtime: Pick<Runtime, 'pool' | 'eventStore'>;
  databaseUrl: string;
  redisUrl: string;
  tenantId: string;
  agentIds: readonly string[];
  tokensPerSecond: number;
}

export interface LiveTraffic {
  /** Stops appending, waits for the projections to catch up, stops the workers. */
  stop(): Promise<{ appended: number; tokensPerSecond: number }>;
}

/**
 * The read models were filled from the log by SQL; the checkpoints move to
 * the head so the workers project only what is appended from now on.
 */
async function checkpointsAtHead(runtime: LiveTrafficOptions['runtime']): Promise<void> {
  const head = await runtime.eventStore.headPosition();
  const { rows } = await runtime.pool.query<{ n: string }>('SELECT count(*) AS n FROM events');
  await withTransaction(runtime.pool, async (client) => {
    for (const projection of allProjections) {
      await setCheckpoint(client, projection.name, head, Number(rows[0]?.n ?? 0));
    }
  });
}

export async function startLiveTokenTraffic(options: LiveTrafficOptions): Promise<LiveTraffic> {
  await checkpointsAtHead(options.runtime);
  const workers = await startProjectionWorkers({
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
  });
  const { tenantId, agentIds } = options;
  let appended = 0;
  let stopping = false;
  const began = performance.now();
  const appendOne = async () => {
    const agentId = agentIds[appended % agentIds.length] as string;
    const now = new Date();
    await options.runtime.eventStore.appendToStream(streamNames.tokens(tenantId, agentId), [
      {
        type: 'TokenIssued',
        data: {
          tenantId,
          agentId,
          clientId: `agt_${agentId.replaceAll('-', '')}`,
          jti: randomUUID(),
          scopes: ['analytics:read'],
          expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
        },
        metadata: {
          tenantId,
          occurredAt: now.toISOString(),
          actor: { type: 'agent', id: `agt_${agentId.replaceAll('-', '')}` },
          correlationId: randomUUID(),
          causationId: null,
        },
      },
    ]);
    appended += 1;
  };
  // Paced to the rate: behind schedule, it appends back to back.
  const loop = (async () => {
    while (!stopping) {
      const due = began + (appended / options.tokensPerSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!stopping) await appendOne();
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      const seconds = (performance.now() - began) / 1000;
      const head = await options.runtime.eventStore.headPosition();
      const deadline = Date.now() + 60_000;
      for (;;) {
        const checkpoints = await readCheckpoints(
          options.runtime.pool,
          allProjections.map((projection) => projection.name),
        );
        const caughtUp = checkpoints.every((c) => comparePositions(c.position, head) >= 0);
        if (caughtUp || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await workers.stop();
      return { appended, tokensPerSecond: appended / seconds };
    },
  };
}
