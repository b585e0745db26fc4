import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ProjectedEvent } from '../../src/projections/projectedEvent.js';
import {
  foldQuotaThresholds,
  type AgentQuotaUsage,
} from '../../src/readModels/quotaThresholds/foldQuotaThresholds.js';
import { projected, tokenIssued } from './support/projectedEvents.js';

const tenant = randomUUID();
const agent = randomUUID();
const now = new Date('2026-11-25T12:30:00.000Z');

const quotaSet = (limit: number, period: 'hour' | 'day' | 'month', at: string, agentId = agent) =>
  projected('AgentQuotaSet', { tenantId: tenant, agentId, limit, period, mode: 'monitor' }, at);
const tokens = (count: number, at: string, agentId: string | null = agent) =>
  Array.from({ length: count }, () => tokenIssued(tenant, agentId, at));

/** Folds events one batch at a time, carrying the rows over like the table does. */
function foldInBatches(batches: ProjectedEvent[][], at = now) {
  const rows = new Map<string, AgentQuotaUsage>();
  const alerts = [];
  for (const batch of batches) {
    const result = foldQuotaThresholds(rows, batch, at);
    for (const row of result.changed) rows.set(`${row.tenantId}|${row.agentId}`, row);
    alerts.push(...result.alerts);
  }
  return { rows, alerts };
}

describe('quota thresholds fold', () => {
  it('alerts at 80 % and 100 % once each, with deterministic ids, whatever the batching', () => {
    const quota = quotaSet(10, 'day', '2026-11-25T08:00:00.000Z');
    const issued = tokens(15, '2026-11-25T09:00:00.000Z');
    const whole = foldInBatches([[quota, ...issued]]);
    const oneByOne = foldInBatches([[quota], ...issued.map((event) => [event])]);
    expect(whole.alerts.map((a) => [a.data.threshold, a.data.used])).toEqual([
      [80, 8],
      [100, 10],
    ]);
    expect(oneByOne.alerts.map((a) => a.id)).toEqual(whole.alerts.map((a) => a.id));
    expect(whole.alerts[0]).toEqual({
      id: expect.stringMatching(/^msg_[A-Za-z0-9_-]{32}$/),
      tenantId: tenant,
      type: 'quota.threshold',
      occurredAt: new Date('2026-11-25T09:00:00.000Z'),
      data: {
        agentId: agent,
        threshold: 80,
        used: 8,
        limit: 10,
        period: 'day',
        periodStart: '2026-11-25T00:00:00.000Z',
        mode: 'monitor',
      },
    });
    expect(whole.rows.get(`${tenant}|${agent}`)?.usage.day).toEqual({
      key: '2026-11-25',
      count: 15,
    });
  });

  it('starts counting again in a new period and alerts again there', () => {
    const { alerts } = foldInBatches(
      [
        [quotaSet(5, 'hour', '2026-11-25T11:00:00.000Z')],
        tokens(5, '2026-11-25T11:10:00.000Z'),
        tokens(4, '2026-11-25T12:10:00.000Z'),
      ],
      new Date('2026-11-25T12:20:00.000Z'),
    );
    expect(alerts.map((a) => [a.data.periodStart, a.data.threshold])).toEqual([
      ['2026-11-25T11:00:00.000Z', 80],
      ['2026-11-25T11:00:00.000Z', 100],
      ['2026-11-25T12:00:00.000Z', 80],
    ]);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(3);
  });

  it('counts tokens before the quota, and a quota set past a threshold alerts at once', () => {
    const { alerts } = foldInBatches([
      tokens(9, '2026-11-25T09:00:00.000Z'),
      [quotaSet(10, 'month', '2026-11-25T10:00:00.000Z')],
    ]);
    expect(alerts.map((a) => [a.data.threshold, a.data.used])).toEqual([[80, 9]]);
  });

  it('gives a quota set again alerts of its own; a removed quota alerts no more', () => {
    const { alerts } = foldInBatches([
      [quotaSet(2, 'day', '2026-11-25T08:00:00.000Z')],
      tokens(2, '2026-11-25T08:10:00.000Z'),
      [quotaSet(4, 'day', '2026-11-25T08:20:00.000Z')],
      tokens(2, '2026-11-25T08:30:00.000Z'),
      [
        projected(
          'AgentQuotaRemoved',
          { tenantId: tenant, agentId: agent },
          '2026-11-25T08:40:00.000Z',
        ),
      ],
      tokens(10, '2026-11-25T08:50:00.000Z'),
    ]);
    expect(alerts.map((a) => [a.data.limit, a.data.threshold])).toEqual([
      [2, 80],
      [2, 100],
      [4, 80],
      [4, 100],
    ]);
  });

  it('says nothing about periods long over (a first run or a rebuild over old history)', () => {
    const { alerts, rows } = foldInBatches([
      [quotaSet(3, 'day', '2026-10-01T08:00:00.000Z')],
      tokens(3, '2026-10-01T09:00:00.000Z'),
    ]);
    expect(alerts).toEqual([]);
    expect(rows.get(`${tenant}|${agent}`)?.usage.day.count).toBe(3);
  });

  it('ignores the admin client and keeps agents and their quotas apart', () => {
    const other = randomUUID();
    const { alerts } = foldInBatches([
      [quotaSet(2, 'day', '2026-11-25T08:00:00.000Z')],
      tokens(5, '2026-11-25T09:00:00.000Z', null),
      tokens(5, '2026-11-25T09:00:00.000Z', other),
    ]);
    expect(alerts).toEqual([]);
  });

  it('folds an hour of tokens as one run, alerting at the crossing token, as one by one would', () => {
    const other = randomUUID();
    const at = (minute: number) => `2026-11-25T09:${String(minute).padStart(2, '0')}:00.000Z`;
    // Two agents' tokens interleaved in one hour, a late one from an hour
    // before, and a quota set again in the middle of the hour.
    const batch = [
      quotaSet(5, 'hour', '2026-11-25T09:00:00.000Z'),
      quotaSet(3, 'day', '2026-11-25T09:00:00.000Z', other),
      ...Array.from({ length: 6 }, (_, minute) => [
        tokenIssued(tenant, agent, at(minute + 1)),
        tokenIssued(tenant, other, at(minute + 1)),
      ]).flat(),
      tokenIssued(tenant, agent, '2026-11-25T08:59:00.000Z'),
      quotaSet(8, 'hour', at(30)),
      ...Array.from({ length: 3 }, (_, minute) => tokenIssued(tenant, agent, at(minute + 31))),
    ];
    const during = new Date('2026-11-25T09:45:00.000Z');
    const whole = foldInBatches([batch], during);
    const oneByOne = foldInBatches(
      batch.map((event) => [event]),
      during,
    );
    // The same alerts; one batch lists them agent by agent (the outbox keeps no order within a batch).
    const byId = (alerts: typeof whole.alerts) =>
      [...alerts].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(whole.alerts)).toEqual(byId(oneByOne.alerts));
    expect(
      whole.alerts.map((a) => [
        a.data.agentId === agent,
        a.data.limit,
        a.data.threshold,
        a.data.used,
        a.occurredAt.toISOString(),
      ]),
    ).toEqual([
      [true, 5, 80, 4, at(4)],
      [true, 5, 100, 5, at(5)],
      [true, 8, 80, 7, at(31)],
      [true, 8, 100, 8, at(32)],
      [false, 3, 80, 3, at(3)],
      [false, 3, 100, 3, at(3)],
    ]);
    expect([...whole.rows.values()].map((row) => row.usage)).toEqual(
      [...oneByOne.rows.values()].map((row) => row.usage),
    );
    expect(whole.rows.get(`${tenant}|${agent}`)?.usage.hour).toEqual({
      key: '2026-11-25T09',
      count: 9,
    });
  });
});
