import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  heatmapDeltas,
  heatmapWindowStart,
  hourOfWeek,
  windowMoves,
} from '../../src/readModels/agentActivity/heatmapWindow.js';
import { heatmapJson } from '../../src/readModels/agentActivity/heatmapJson.js';
import { foldAgentActivity } from '../../src/readModels/agentActivity/projection.js';
import { tokenIssued } from './support/projectedEvents.js';

const tenant = randomUUID();
const otherTenant = randomUUID();
const agent = randomUUID();
const otherAgent = randomUUID();
const at = (iso: string) => new Date(iso);

// 2026-11-29 is a Sunday.
describe('heatmap buckets and window', () => {
  it('puts the last hour of Saturday and the first of Sunday at the two ends of the week', () => {
    expect(hourOfWeek(at('2026-11-28T23:59:59.999Z'))).toEqual({ dow: 6, hour: 23 });
    expect(hourOfWeek(at('2026-11-29T00:00:00.000Z'))).toEqual({ dow: 0, hour: 0 });
    expect(hourOfWeek(at('2026-12-02T13:30:00.000Z'))).toEqual({ dow: 3, hour: 13 });
  });

  it('starts the window on the first of the 30 UTC days ending with the given one', () => {
    expect(heatmapWindowStart(at('2026-12-02T00:00:00.000Z'))).toEqual(at('2026-11-03T00:00:00Z'));
    expect(heatmapWindowStart(at('2026-12-01T23:59:59.999Z'))).toEqual(at('2026-11-02T00:00:00Z'));
  });
});

describe('window moves of a batch', () => {
  const stored = new Map([[tenant, at('2026-11-02T00:00:00Z')]]);

  it('moves a window when the newest hour reaches a new UTC day, at midnight exactly', () => {
    const sameDay = foldAgentActivity([tokenIssued(tenant, agent, '2026-12-01T23:59:59.999Z')]);
    expect(windowMoves(stored, sameDay)).toEqual([]);
    const nextDay = foldAgentActivity([
      tokenIssued(tenant, agent, '2026-12-02T00:00:00.000Z'),
      tokenIssued(tenant, agent, '2026-12-01T10:00:00.000Z'),
    ]);
    expect(windowMoves(stored, nextDay)).toEqual([
      { tenantId: tenant, from: at('2026-11-02T00:00:00Z'), to: at('2026-11-03T00:00:00Z') },
    ]);
  });

  it('never moves a window back for a late event, and starts one for a new tenant', () => {
    const deltas = foldAgentActivity([
      tokenIssued(tenant, agent, '2026-10-01T05:00:00.000Z'),
      tokenIssued(otherTenant, agent, '2026-12-09T05:00:00.000Z'),
    ]);
    expect(windowMoves(stored, deltas)).toEqual([
      { tenantId: otherTenant, from: undefined, to: at('2026-11-10T00:00:00Z') },
    ]);
  });

  it('jumps a window across weeks in one move after a long quiet', () => {
    const deltas = foldAgentActivity([tokenIssued(tenant, agent, '2027-01-20T05:00:00.000Z')]);
    expect(windowMoves(stored, deltas)).toEqual([
      { tenantId: tenant, from: at('2026-11-02T00:00:00Z'), to: at('2026-12-22T00:00:00Z') },
    ]);
  });
});

describe('heatmap deltas', () => {
  it('sums the same weekday hour of different weeks and leaves out hours before the window', () => {
    const deltas = foldAgentActivity([
      tokenIssued(tenant, agent, '2026-11-02T23:59:59.999Z'), // Monday, before the start
      tokenIssued(tenant, agent, '2026-11-03T00:00:00.000Z'), // Tuesday 00, first hour in
      tokenIssued(tenant, agent, '2026-11-24T00:10:00.000Z'), // Tuesday 00, three weeks on
      tokenIssued(tenant, otherAgent, '2026-11-28T23:00:00.000Z'), // Saturday 23
      tokenIssued(tenant, otherAgent, '2026-11-29T00:00:00.000Z'), // Sunday 00
      tokenIssued(otherTenant, agent, '2026-11-29T00:00:00.000Z'), // no window: skipped
    ]);
    const starts = new Map([[tenant, at('2026-11-03T00:00:00Z')]]);
    expect(heatmapDeltas(deltas, starts)).toEqual(
      expect.arrayContaining([
        { tenantId: tenant, agentId: agent, dow: 2, hour: 0, count: 2 },
        { tenantId: tenant, agentId: otherAgent, dow: 6, hour: 23, count: 1 },
        { tenantId: tenant, agentId: otherAgent, dow: 0, hour: 0, count: 1 },
      ]),
    );
    expect(heatmapDeltas(deltas, starts)).toHaveLength(3);
  });
});

describe('heatmap answer from stored rows and corrections', () => {
  const [a, b] = [agent, otherAgent].sort();

  it('adds an agent’s rows up, leaves out buckets that come to zero, and orders agents and hours', () => {
    const json = heatmapJson([
      [b as string, '{167,0}', '{4,1}'],
      [a as string, '{25}', '{3}'],
      [b as string, '{0,30}', '{-1,2}'], // a correction: Sunday 00 leaves the window
      [a as string, '{}', '{}'],
    ]);
    expect(JSON.parse(json)).toEqual([
      { agent_id: a, dow: 1, hour: 1, count: 3 },
      { agent_id: b, dow: 1, hour: 6, count: 2 },
      { agent_id: b, dow: 6, hour: 23, count: 4 },
    ]);
    expect(json).toBe(JSON.stringify(JSON.parse(json)));
    expect(heatmapJson([])).toBe('[]');
  });
});
