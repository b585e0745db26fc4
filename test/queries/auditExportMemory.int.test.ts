import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNames } from '../../src/events/streams.js';
import { createQueryTestContext, type QueryTestContext } from './support/queryTestContext.js';

// The audit export streams from the event store a page at a time, so the
// memory it holds does not depend on how many events it sends. Exporting a
// tenant log of AUDIT_EXPORT_TEST_EVENTS events (written with one INSERT ...
// generate_series) must keep the live heap (sampled after a forced garbage
// collection while the file streams) within a fixed bound far below the
// file's size (~370 bytes an event): a buffered export holds the whole file.
// The default, 100,000 events (~35 MB of CSV, twice the bound), keeps the test
// well under a minute on a busy machine; the bound is the same for a million
// (AUDIT_EXPORT_TEST_EVENTS=1000000, docs/api.md has the figures), since
// nothing held grows with the count: two pages of 1,000 events and one page's text.
const eventCount = Number(process.env.AUDIT_EXPORT_TEST_EVENTS ?? 100_000);
// About 0.5 ms an event here, and writing them; a million needs its minutes.
const timeoutMs = Math.max(120_000, eventCount * 0.5);
const liveHeapBoundBytes = 16 * 1024 * 1024;
const rssBoundBytes = 128 * 1024 * 1024;
const now = '2026-03-15T10:30:00.000Z';
const tenantId = randomUUID();
const agentId = randomUUID();

describe('audit export memory', () => {
  let ctx: QueryTestContext;
  let server: http.Server;

  beforeAll(async () => {
    ctx = await createQueryTestContext(now);
    // Valid AgentUpdated events (the store decodes every one it reads), one
    // a second going back from now, well inside the export's range.
    await ctx.db.pool.query(
      `INSERT INTO events (event_id, stream_name, stream_revision, event_type, schema_version,
                           tenant_id, data, metadata, occurred_at)
       SELECT gen_random_uuid(), $2, i, 'AgentUpdated', 1, $1::uuid,
              jsonb_build_object('tenantId', $1::text, 'agentId', $3::text, 'name', 'agent ' || i),
              jsonb_build_object('tenantId', $1::text,
                                 'occurredAt', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                 'actor', jsonb_build_object('type', 'admin', 'id', 'admin-1'),
                                 'correlationId', 'c-' || i, 'causationId', null),
              t
         FROM generate_series(0, $4::int - 1) AS i,
              LATERAL (SELECT $5::timestamptz - make_interval(secs => $4::int - i)) AS at(t)`,
      [tenantId, streamNames.agent(tenantId, agentId), agentId, eventCount, now],
    );
    await ctx.db.pool.query('ANALYZE events');
    server = ctx.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
  }, timeoutMs);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await ctx.close();
  });

  it(
    `exports ${eventCount} events in bounded memory`,
    async () => {
      const token = await ctx.tokenFor(tenantId);
      const { port } = server.address() as AddressInfo;
      const gc = exposedGc();
      gc();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakHeap = before.heapUsed;
      const sample = setInterval(() => {
        gc();
        const usage = process.memoryUsage();
        peakRss = Math.max(peakRss, usage.rss);
        peakHeap = Math.max(peakHeap, usage.heapUsed);
      }, 1000);
      const started = Date.now();
      const { lines, bytes, status } = await new Promise<{
        lines: number;
        bytes: number;
        status: number;
      }>((resolve, reject) => {
        const request = http.get(
          {
            port,
            host: '127.0.0.1',
            path: '/api/audit/events?format=csv',
            headers: { authorization: `Bearer ${token}` },
          },
          (response) => {
            let count = 0;
            let size = 0;
            response.on('data', (chunk: Buffer) => {
              size += chunk.length;
              for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1))
                count += 1;
            });
            response.on('end', () =>
              resolve({ lines: count, bytes: size, status: response.statusCode ?? 0 }),
            );
            response.on('error', reject);
          },
        );
        request.on('error', reject);
      });
      clearInterval(sample);
      const seconds = (Date.now() - started) / 1000;
      const growth = { rss: peakRss - before.rss, heap: peakHeap - before.heapUsed };
      console.log(
        `audit export: ${eventCount} events, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(1)} s; ` +
          `peak growth rss ${(growth.rss / 2 ** 20).toFixed(1)} MiB, live heap ${(growth.heap / 2 ** 20).toFixed(1)} MiB`,
      );
      expect(status).toBe(200);
      expect(lines).toBe(eventCount + 1); // the header line, then one per event
      expect(growth.heap).toBeLessThan(liveHeapBoundBytes);
      expect(growth.rss).toBeLessThan(rssBoundBytes);
    },
    timeoutMs,
  );
});

/** V8's collector, exposed at run time (jest gives no --expose-gc). */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
