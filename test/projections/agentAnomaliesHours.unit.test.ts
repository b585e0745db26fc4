import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  baselineHours,
  hoursToJudge,
  startOfHour,
  weekMs,
} from '../../src/readModels/agentAnomalies/hoursToJudge.js';
import {
  agentHoursToJudge,
  judgeAgentHours,
  LoadedHours,
  type StoredHour,
} from '../../src/readModels/agentAnomalies/judgeAgentHours.js';
import { foldHourlyCounts } from '../../src/readModels/agentAnomalies/projection.js';
import { clientIdFor, projected, tokenIssued } from './support/projectedEvents.js';

const at = (iso: string) => Date.parse(iso);
const tenant = randomUUID();
const agent = randomUUID();
const other = randomUUID();

function rejected(agentId: string | null, when: string) {
  return projected(
    'TokenRequestRejected',
    {
      tenantId: tenant,
      agentId,
      clientId: agentId ? clientIdFor(agentId) : 'adm_0123456789abcdef0123',
      error: 'invalid_client',
      reason: 'rejected',
    },
    when,
  );
}

describe('hourly counts fold', () => {
  it('buckets by UTC hour on both sides of the hour, leaving out the admin client', () => {
    const deltas = foldHourlyCounts([
      tokenIssued(tenant, agent, '2026-03-01T23:59:59.999Z'),
      tokenIssued(tenant, agent, '2026-03-02T00:00:00.000Z'),
      rejected(agent, '2026-03-02T00:59:59.999Z'),
      tokenIssued(tenant, null, '2026-03-02T00:10:00.000Z'),
      rejected(null, '2026-03-02T00:10:00.000Z'),
    ]);
    expect(deltas).toEqual([
      {
        tenantId: tenant,
        agentId: agent,
        hour: at('2026-03-01T23:00:00Z'),
        issued: 1,
        rejected: 0,
      },
      {
        tenantId: tenant,
        agentId: agent,
        hour: at('2026-03-02T00:00:00Z'),
        issued: 1,
        rejected: 1,
      },
    ]);
  });
});

describe('hours a batch closes', () => {
  const touched = (...hours: string[]) => hours.map((hour) => ({ agentId: agent, hour: at(hour) }));

  it('closes nothing while the tenant stays in its latest hour', () => {
    expect(hoursToJudge(at('2026-03-02T10:00:00Z'), touched('2026-03-02T10:00:00Z'))).toEqual({
      closed: [],
      revisited: [],
    });
    expect(hoursToJudge(null, touched('2026-03-02T10:00:00Z'))).toEqual({
      closed: [],
      revisited: [],
    });
  });

  it('closes every hour up to the batch’s latest one, silent hours included', () => {
    expect(hoursToJudge(at('2026-03-02T22:00:00Z'), touched('2026-03-03T01:00:00Z'))).toEqual({
      closed: ['2026-03-02T22:00:00Z', '2026-03-02T23:00:00Z', '2026-03-03T00:00:00Z'].map(at),
      revisited: [],
    });
    // A tenant's first batch closes from its own first hour.
    expect(hoursToJudge(null, touched('2026-03-02T23:00:00Z', '2026-03-03T00:00:00Z'))).toEqual({
      closed: [at('2026-03-02T23:00:00Z')],
      revisited: [],
    });
  });

  it('revisits a closed hour a late event changed, the silent runs it starts, and the later weeks', () => {
    const clock = at('2026-03-16T09:00:00Z');
    const { closed, revisited } = hoursToJudge(clock, touched('2026-03-02T08:00:00Z'));
    expect(closed).toEqual([]);
    const hours = revisited.map((entry) => new Date(entry.hour).toISOString()).sort();
    expect(hours).toContain('2026-03-02T08:00:00.000Z');
    expect(hours).toContain('2026-03-02T13:00:00.000Z');
    expect(hours).toContain('2026-03-09T08:00:00.000Z');
    expect(hours).toContain('2026-03-16T08:00:00.000Z');
    // Not the hour before, past the runs, or the still-open hour.
    expect(hours).not.toContain('2026-03-02T07:00:00.000Z');
    expect(hours).not.toContain('2026-03-02T14:00:00.000Z');
    expect(hours).not.toContain('2026-03-16T09:00:00.000Z');
    // Six hours a week over three weeks, less the open ones.
    expect(hours).toHaveLength(6 + 6 + 1);
  });

  it('revisits the hours whose baseline weeks grow when an agent’s history starts earlier', () => {
    const clock = at('2026-03-30T09:00:00Z');
    const { revisited } = hoursToJudge(clock, touched('2026-03-02T14:00:00Z'), [
      { agentId: agent, before: at('2026-03-09T14:00:00Z'), now: at('2026-03-02T14:00:00Z') },
    ]);
    const hours = new Set(revisited.map((entry) => entry.hour));
    // A silent hour three weeks on now has three baseline weeks.
    expect(hours.has(at('2026-03-24T03:00:00Z'))).toBe(true);
    expect(hours.has(at('2026-03-09T13:00:00Z'))).toBe(false);
    expect(hours.has(clock)).toBe(false);
  });

  it('takes the baseline from the same hour of the week, across week and month ends', () => {
    const sundayNight = at('2026-03-01T23:00:00Z');
    expect(baselineHours(sundayNight).slice(0, 2)).toEqual(
      ['2026-02-22T23:00:00Z', '2026-02-15T23:00:00Z'].map(at),
    );
    expect(baselineHours(at('2026-03-02T00:00:00Z'))[0]).toBe(at('2026-02-23T00:00:00Z'));
    expect(baselineHours(sundayNight)).toHaveLength(6);
    expect(startOfHour(at('2026-03-01T23:59:59.999Z'))).toBe(sundayNight);
  });
});

describe('agent hours judged from the loaded counts', () => {
  const hour = at('2026-03-30T12:00:00Z');
  const busyWeeks = (agentId: string, count: number): StoredHour[] =>
    [1, 2, 3, 4].map((k) => ({
      agentId,
      hour: hour - k * weekMs,
      issued: count,
      rejected: 0,
      findings: [],
    }));

  it('judges an agent silent in a closed hour it was busy in before: a drop', () => {
    const loaded = new LoadedHours(busyWeeks(agent, 30));
    const targets = agentHoursToJudge({ closed: [hour], revisited: [] }, loaded);
    expect(targets).toEqual([{ agentId: agent, hour }]);
    const [judged] = judgeAgentHours(targets, loaded, new Map([[agent, hour - 4 * weekMs]]));
    expect(judged?.findings.map((finding) => finding.kind)).toEqual(['drop']);
  });

  it('counts only the weeks since the agent’s first active hour as baseline', () => {
    const loaded = new LoadedHours([
      ...busyWeeks(agent, 0).slice(0, 3),
      { agentId: agent, hour, issued: 40, rejected: 0, findings: [] },
    ]);
    const targets = [{ agentId: agent, hour }];
    // First active exactly three weeks before: three silent weeks, a new hour.
    expect(
      judgeAgentHours(targets, loaded, new Map([[agent, hour - 3 * weekMs]]))[0]?.findings,
    ).toEqual([expect.objectContaining({ kind: 'new_hour' })]);
    // An hour later: two weeks of history only, nothing judged.
    expect(
      judgeAgentHours(targets, loaded, new Map([[agent, hour - 3 * weekMs + 3_600_000]]))[0]
        ?.findings,
    ).toEqual([]);
  });

  it('leaves out agents with no rows in the hour or its baseline hours', () => {
    const loaded = new LoadedHours([
      ...busyWeeks(agent, 5),
      { agentId: other, hour: hour - 3_600_000, issued: 9, rejected: 0, findings: [] },
    ]);
    expect(agentHoursToJudge({ closed: [hour], revisited: [] }, loaded)).toEqual([
      { agentId: agent, hour },
    ]);
  });
});
