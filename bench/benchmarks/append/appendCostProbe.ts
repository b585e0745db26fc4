import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { appendBatch } from '../../../src/eventstore/postgres/appendBatch.js';
import {
  appendPrepared,
  prepareAppend,
  type PreparedAppend,
} from '../../../src/eventstore/postgres/appendToStream.js';
import { domainEventCodec } from '../../../src/events/registry.js';
import { createBenchDatabase } from '../../lib/benchDatabase.js';
import { processCpuMs } from '../../lib/cpuTime.js';
import { tokenIssuedWorkload } from './tokenIssuedWorkload.js';

// The Postgres backend's own cost of an append, per event: CPU from /proc of
// the one backend doing the appends, and WAL bytes from the server's insert
// position (nothing else should write on the server meanwhile). Appends of
// one TokenIssued each, expecting 'any', to 256 existing streams, sent one
// group after another as `append_to_streams` (or alone, `append_to_stream`,
// for a group of 1), as the store's group commit sends them.
//
//   DATABASE_URL=... npx tsx bench/benchmarks/append/appendCostProbe.ts \
//     [group size=8] [events=16000] [sql file run after the migrations]

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const [groupArg, eventsArg, sqlFile] = process.argv.slice(2);
const groupSize = Number(groupArg ?? 8);
const groups = Math.ceil(Number(eventsArg ?? 16000) / groupSize);
const writers = 16;

const workload = tokenIssuedWorkload({ eventsPerAppend: 1, agentsPerWriter: 16 });
let turn = 0;
const nextAppend = (): PreparedAppend => {
  const { streamName, events } = workload.next(turn % writers);
  turn += 1;
  return prepareAppend(streamName, events, 'any', domainEventCodec);
};

async function sendGroups(pool: pg.Pool, count: number): Promise<void> {
  for (let group = 0; group < count; group += 1) {
    const appends = Array.from({ length: groupSize }, nextAppend);
    if (groupSize === 1) await appendPrepared(pool, appends[0] as PreparedAppend);
    else await appendBatch(pool, appends);
  }
}

const walBytes = (lsn: string): number => {
  const [high, low] = lsn.split('/');
  return parseInt(high as string, 16) * 2 ** 32 + parseInt(low as string, 16);
};

const database = await createBenchDatabase(serverUrl, 'append_cost');
try {
  const setup = new pg.Pool({ connectionString: database.url, max: 1 });
  if (sqlFile) await setup.query(await readFile(sqlFile, 'utf8'));
  // Every stream exists before the measured connection plans its statements.
  await sendGroups(setup, Math.ceil((writers * 16) / groupSize) + 50);
  await setup.end();

  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const pidRow = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = pidRow.rows[0]?.pid as number;
  await sendGroups(pool, 50);
  const lsn = async () =>
    (await pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]
      ?.lsn as string;
  const cpuBefore = (await processCpuMs(pid)) as number;
  const walBefore = await lsn();
  await sendGroups(pool, groups);
  const cpuAfter = (await processCpuMs(pid)) as number;
  const walAfter = await lsn();
  await pool.end();
  const events = groups * groupSize;
  console.log(
    JSON.stringify({
      groupSize,
      events,
      backendCpuMsPerEvent: Number(((cpuAfter - cpuBefore) / events).toFixed(4)),
      walBytesPerEvent: Math.round((walBytes(walAfter) - walBytes(walBefore)) / events),
    }),
  );
} finally {
  await database.drop();
}
