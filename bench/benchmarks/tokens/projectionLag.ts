import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

// Projection lag as a client of the database sees it: for each checkpoint,
// the committed events after it and the age of the oldest of them (the same
// definition as the service's lag gauges), sampled on a connection of its own.

export interface LagSample {
  /** Milliseconds since the sampler started. */
  at: number;
  projection: string;
  eventsBehind: number;
  secondsBehind: number;
}

const lagSql = `
  SELECT c.projection, behind.events::int AS events_behind,
         coalesce(extract(epoch FROM clock_timestamp() - behind.oldest), 0)::float8 AS seconds_behind
    FROM projection_checkpoints c
   CROSS JOIN LATERAL (
     SELECT count(*) AS events, min(e.recorded_at) AS oldest FROM events e
      WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND (e.transaction_id, e.position) >
            (greatest(c.commit_position, 0)::text::xid8, c.prepare_position)) AS behind
   WHERE c.projection = ANY($1)`;

export interface LagSampler {
  /** Starts sampling every intervalMs until stop(). */
  start(): void;
  stop(): Promise<LagSample[]>;
  /** One measurement now. */
  measure(): Promise<Array<Omit<LagSample, 'at'>>>;
  close(): Promise<void>;
}

export async function lagSampler(options: {
  databaseUrl: string;
  projections: readonly string[];
  intervalMs: number;
}): Promise<LagSampler> {
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    application_name: 'bench-lag',
  });
  await client.connect();
  const measure = async () => {
    const { rows } = await client.query<{
      projection: string;
      events_behind: number;
      seconds_behind: number;
    }>({ name: 'lag', text: lagSql, values: [options.projections] });
    return rows.map((row) => ({
      projection: row.projection,
      eventsBehind: row.events_behind,
      secondsBehind: row.seconds_behind,
    }));
  };
  let running: Promise<LagSample[]> | undefined;
  let stopping = false;
  return {
    start() {
      stopping = false;
      running = (async () => {
        const samples: LagSample[] = [];
        const began = performance.now();
        while (!stopping) {
          const at = performance.now() - began;
          for (const row of await measure()) samples.push({ at, ...row });
          await sleep(Math.max(0, options.intervalMs - (performance.now() - began - at)));
        }
        return samples;
      })();
    },
    async stop() {
      stopping = true;
      const samples = (await running) ?? [];
      running = undefined;
      return samples;
    },
    measure,
    close: () => client.end(),
  };
}

/** Milliseconds until every projection has no committed event left behind it. */
export async function timeToCatchUp(
  sampler: LagSampler,
  options: { pollMs: number; timeoutMs: number },
): Promise<number> {
  const began = performance.now();
  for (;;) {
    const rows = await sampler.measure();
    if (rows.every((row) => row.eventsBehind === 0)) return performance.now() - began;
    if (performance.now() - began > options.timeoutMs) {
      throw new Error(`projections did not catch up within ${options.timeoutMs} ms`);
    }
    await sleep(options.pollMs);
  }
}
