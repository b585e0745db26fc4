import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { PoolClient } from '../../src/db/pool.js';
import { getActivityHeatmapJson } from '../../src/readModels/agentActivity/getActivityHeatmap.js';
import { heatmapWindowStart } from '../../src/readModels/agentActivity/heatmapWindow.js';

// The heatmap query's statements answered from a script, to reach the
// interleavings a projection batch can cause between them.

const now = new Date('2026-11-20T12:00:00Z');
const windowStart = heatmapWindowStart('UTC', now);
const agentId = '00000000-0000-4000-8000-000000000001';

function dense(hourOfWeek: number, count: number): string {
  const counts = new Array<number>(168).fill(0);
  counts[hourOfWeek] = count;
  return `{${counts.join(',')}}`;
}

interface Script {
  /** Row version the first statement sees, per attempt. */
  versions: string[];
  /** What the counts statement finds, per call: version and counts text. */
  counts: Array<[version: string, countsText: string]>;
}

function scriptedClient(script: Script) {
  const calls = { versions: 0, counts: 0 };
  const client = {
    query: async (statement: string | { text: string }) => {
      const text = typeof statement === 'string' ? statement : statement.text;
      if (text.includes('xmin::text, counts::text')) {
        const [version, countsText] = script.counts[calls.counts++] ?? [];
        return { rows: version ? [[agentId, version, countsText]] : [] };
      }
      if (text.includes('UNION ALL')) {
        const version = script.versions[calls.versions++];
        return {
          rows: [
            [agentId, '#', version],
            ['', String(windowStart.getTime()), 'UTC'],
          ],
        };
      }
      return { rows: [{ window_start: windowStart, time_zone: 'UTC' }] };
    },
  } as unknown as PoolClient;
  return { client, calls };
}

const answer = async (client: PoolClient, tenantId: string) =>
  JSON.parse(
    (await getActivityHeatmapJson(client, { tenantId, now, timeZone: 'UTC' })).toString('utf8'),
  ) as unknown;

describe("the heatmap's per-agent parts", () => {
  it('reads an agent row once per version and reuses its part after that', async () => {
    const tenantId = randomUUID();
    const { client, calls } = scriptedClient({
      versions: ['100', '100', '101'],
      counts: [
        ['100', dense(25, 3)],
        ['101', dense(25, 4)],
      ],
    });
    const bucket = (count: number) => [{ agent_id: agentId, dow: 1, hour: 1, count }];
    expect(await answer(client, tenantId)).toEqual(bucket(3));
    expect(await answer(client, tenantId)).toEqual(bucket(3));
    expect(calls.counts).toBe(1);
    expect(await answer(client, tenantId)).toEqual(bucket(4));
    expect(calls.counts).toBe(2);
  });

  it('computes the answer again when a row moved between the two statements', async () => {
    const tenantId = randomUUID();
    const { client, calls } = scriptedClient({
      versions: ['200', '201'],
      counts: [
        ['201', dense(0, 9)],
        ['201', dense(0, 9)],
      ],
    });
    expect(await answer(client, tenantId)).toEqual([
      { agent_id: agentId, dow: 0, hour: 0, count: 9 },
    ]);
    expect(calls.versions).toBe(2);
  });

  it('keeps no part per tenant that another tenant could be given', async () => {
    const first = scriptedClient({ versions: ['300'], counts: [['300', dense(2, 5)]] });
    await answer(first.client, randomUUID());
    const second = scriptedClient({ versions: ['300'], counts: [['300', dense(3, 6)]] });
    expect(await answer(second.client, randomUUID())).toEqual([
      { agent_id: agentId, dow: 0, hour: 3, count: 6 },
    ]);
    expect(second.calls.counts).toBe(1);
  });
});
