import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  heatmapDeltas,
  heatmapWindowStart,
  hourOfWeek,
  windowMoves,
} from '../../src/readModels/agentActivity/heatmapWindow.js';
import { agentFragment, heatmapJson } from '../../src/readModels/agentActivity/heatmapJson.js';
import { foldAgentActivity } from '../../src/readModels/agentActivity/projection.js';
import { offsetMinutesOf } from '../../src/timeZones/zoneOffsets.js';
import { tokenIssued } from './support/projectedEvents.js';

const sortKey = (row: object) => JSON.stringify(Object.entries(row).sort());
const sorted = <T extends object>(rows: T[]) =>
  [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

const tenant = randomUUID();
const otherTenant = randomUUID();
const agent = randomUUID();
const otherAgent = randomUUID();
const at = (iso: string) => new Date(iso);

// 2026-11-29 is a Sunday.
describe('heatmap buckets and window', () => {
  const utc = offsetMinutesOf('UTC');
  const how = (zone: string, iso: string) => hourOfWeek(offsetMinutesOf(zone), Date.parse(iso));

  it('puts the last hour of Saturday and the first of Sunday at the two ends of the week', () => {
    expect(hourOfWeek(utc, Date.parse('2026-11-28T23:59:59.999Z'))).toEqual({ dow: 6, hour: 23 });
    expect(hourOfWeek(utc, Date.parse('2026-11-29T00:00:00.000Z'))).toEqual({ dow: 0, hour: 0 });
    expect(hourOfWeek(utc, Date.parse('2026-12-02T13:30:00.000Z'))).toEqual({ dow: 3, hour: 13 });
  });

  it('takes local day and hour in half-hour, 45-minute and daylight-saving zones', () => {
    // Saturday 18:29 UTC is Saturday 23:59 in Kolkata; 18:30 is Sunday 00:00.
    expect(how('Asia/Kolkata', '2026-11-28T18:29:59.999Z')).toEqual({ dow: 6, hour: 23 });
    expect(how('Asia/Kolkata', '2026-11-28T18:30:00.000Z')).toEqual({ dow: 0, hour: 0 });
    expect(how('Asia/Kathmandu', '2026-11-28T18:14:59.999Z')).toEqual({ dow: 6, hour: 23 });
    expect(how('Asia/Kathmandu', '2026-11-28T18:15:00.000Z')).toEqual({ dow: 0, hour: 0 });
    // New York springs forward on 2026-03-08 at 07:00 UTC: 01:59 EST, then 03:00 EDT.
    expect(how('America/New_York', '2026-03-08T06:59:59.999Z')).toEqual({ dow: 0, hour: 1 });
    expect(how('America/New_York', '2026-03-08T07:00:00.000Z')).toEqual({ dow: 0, hour: 3 });
    // Berlin falls back on 2026-10-25 at 01:00 UTC: 02:xx twice.
    expect(how('Europe/Berlin', '2026-10-25T00:30:00.000Z')).toEqual({ dow: 0, hour: 2 });
    expect(how('Europe/Berlin', '2026-10-25T01:30:00.000Z')).toEqual({ dow: 0, hour: 2 });
  });

  it('starts the window on the first of the 30 local days ending with the given one', () => {
    expect(heatmapWindowStart('UTC', at('2026-12-02T00:00:00.000Z'))).toEqual(
      at('2026-11-03T00:00:00Z'),
    );
    expect(heatmapWindowStart('UTC', at('2026-12-01T23:59:59.999Z'))).toEqual(
      at('2026-11-02T00:00:00Z'),
    );
    // 2026-12-02 05:00 IST is 2026-12-01 23:30 UTC; its window starts 2026-11-03 00:00 IST.
    expect(heatmapWindowStart('Asia/Kolkata', at('2026-12-01T23:30:00.000Z'))).toEqual(
      at('2026-11-02T18:30:00Z'),
    );
    // Across New York's fall back (2026-11-01): the first day starts at 00:00 EDT.
    expect(heatmapWindowStart('America/New_York', at('2026-11-20T12:00:00.000Z'))).toEqual(
      at('2026-10-22T04:00:00Z'),
    );
  });
});

describe('window moves of a batch', () => {
  const stored = new Map([[tenant, { start: at('2026-11-02T00:00:00Z'), timeZone: 'UTC' }]]);

  it('moves a window when the newest hour reaches a new UTC day, at midnight exactly', () => {
    const sameDay = foldAgentActivity([
      tokenIssued(tenant, agent, '2026-12-01T23:59:59.999Z'),
    ]).hours;
    expect(windowMoves(stored, sameDay)).toEqual([]);
    const nextDay = foldAgentActivity([
      tokenIssued(tenant, agent, '2026-12-02T00:00:00.000Z'),
      tokenIssued(tenant, agent, '2026-12-01T10:00:00.000Z'),
    ]).hours;
    expect(windowMoves(stored, nextDay)).toEqual([
      { tenantId: tenant, from: at('2026-11-02T00:00:00Z'), to: at('2026-11-03T00:00:00Z') },
    ]);
  });

  it('never moves a window back for a late event, and starts one for a new tenant', () => {
    const deltas = foldAgentActivity([
      tokenIssued(tenant, agent, '2026-10-01T05:00:00.000Z'),
      tokenIssued(otherTenant, agent, '2026-12-09T05:00:00.000Z'),
    ]).hours;
    expect(windowMoves(stored, deltas)).toEqual([
      { tenantId: otherTenant, from: undefined, to: at('2026-11-10T00:00:00Z') },
    ]);
  });

  it('jumps a window across weeks in one move after a long quiet', () => {
    const deltas = foldAgentActivity([
      tokenIssued(tenant, agent, '2027-01-20T05:00:00.000Z'),
    ]).hours;
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
    ]).hours;
    const starts = new Map([[tenant, { start: at('2026-11-03T00:00:00Z'), timeZone: 'UTC' }]]);
    expect(heatmapDeltas(deltas, starts)).toEqual(
      expect.arrayContaining([
        { tenantId: tenant, agentId: agent, dow: 2, hour: 0, count: 2 },
        { tenantId: tenant, agentId: otherAgent, dow: 6, hour: 23, count: 1 },
        { tenantId: tenant, agentId: otherAgent, dow: 0, hour: 0, count: 1 },
      ]),
    );
    expect(heatmapDeltas(deltas, starts)).toHaveLength(3);
  });

  it('splits an hour across two local hours in a half-hour zone, from the window start on', () => {
    const deltas = foldAgentActivity([
      tokenIssued(tenant, agent, '2026-11-28T18:10:00.000Z'), // before the window start
      tokenIssued(tenant, agent, '2026-11-28T18:29:00.000Z'), // Saturday 23:59 IST: before too
      tokenIssued(tenant, agent, '2026-11-28T18:30:00.000Z'), // Sunday 00:00 IST
      tokenIssued(tenant, agent, '2026-11-28T18:59:00.000Z'), // Sunday 00:29 IST
      tokenIssued(tenant, agent, '2026-11-28T19:00:00.000Z'), // Sunday 00:30 IST
      tokenIssued(tenant, agent, '2026-11-28T19:30:00.000Z'), // Sunday 01:00 IST
    ]).hours;
    const windows = new Map([
      [tenant, { start: at('2026-11-28T18:30:00Z'), timeZone: 'Asia/Kolkata' }],
    ]);
    expect(sorted(heatmapDeltas(deltas, windows))).toEqual(
      sorted([
        { tenantId: tenant, agentId: agent, dow: 0, hour: 0, count: 3 },
        { tenantId: tenant, agentId: agent, dow: 0, hour: 1, count: 1 },
      ]),
    );
  });
});

describe('heatmap answer from stored rows and corrections', () => {
  const [a, b] = [agent, otherAgent].sort();

  it('adds an agent’s rows up, leaves out buckets that come to zero, and orders agents and hours', () => {
    const json = heatmapJson(new Map(), [
      [b as string, '{167,0}', '{4,1}'],
      [a as string, '{25}', '{3}'],
      [b as string, '{0,30}', '{-1,2}'], // a correction: Sunday 00 leaves the window
      [a as string, '{}', '{}'],
    ]).toString('utf8');
    expect(JSON.parse(json)).toEqual([
      { agent_id: a, dow: 1, hour: 1, count: 3 },
      { agent_id: b, dow: 1, hour: 6, count: 2 },
      { agent_id: b, dow: 6, hour: 23, count: 4 },
    ]);
    expect(json).toBe(JSON.stringify(JSON.parse(json)));
    expect(heatmapJson(new Map(), []).toString('utf8')).toBe('[]');
  });

  it('keeps a stored part as it is unless corrections touch its agent, whose counts are summed afresh', () => {
    const stored = (agentId: string, hourOfWeek: number, count: number) => {
      const counts = new Float64Array(168);
      counts[hourOfWeek] = count;
      return [agentId, { counts, fragment: agentFragment(agentId, counts) }] as const;
    };
    const json = heatmapJson(new Map([stored(a as string, 25, 3), stored(b as string, 30, 2)]), [
      [b as string, '{30,31}', '{-2,5}'],
    ]).toString('utf8');
    expect(JSON.parse(json)).toEqual([
      { agent_id: a, dow: 1, hour: 1, count: 3 },
      { agent_id: b, dow: 1, hour: 7, count: 5 },
    ]);
  });

  it('writes multi-digit hours and counts, and counts past 32 bits, exactly', () => {
    const json = heatmapJson(new Map(), [
      [a as string, '{9,10,99,100,166}', '{10,9,1000000,123456789012,7}'],
      [a as string, '{166}', '{-7}'],
    ]).toString('utf8');
    expect(JSON.parse(json)).toEqual([
      { agent_id: a, dow: 0, hour: 9, count: 10 },
      { agent_id: a, dow: 0, hour: 10, count: 9 },
      { agent_id: a, dow: 4, hour: 3, count: 1000000 },
      { agent_id: a, dow: 4, hour: 4, count: 123456789012 },
    ]);
  });
});
