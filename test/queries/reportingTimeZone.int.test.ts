import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startProjectionProcess } from '../../src/app/startProjectionProcess.js';
import { streamNames } from '../../src/events/streams.js';
import type { NewEvent } from '../../src/eventstore/EventStore.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';
import { uniqueRedisPrefix } from '../support/testDatabase.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { registerAgent, type RegisteredAgent } from './support/registerAgent.js';

// Through HTTP with the projection workers running: the token trend's days,
// the heatmap's day of week and hour and the usage months follow the
// tenant's reporting time zone, across daylight-saving changes (New York,
// Berlin), in a half-hour zone (Kolkata) and a 45-minute zone (Kathmandu).
// Every answer is checked against a computation from the raw event instants
// with Intl.DateTimeFormat, which shares no code with the service's.

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
// Tuesday. Berlin fell back on 2026-10-25, New York on 2026-11-01 (its local
// November began at 04:00 UTC, still on summer time); both lie in the last
// 30 days of every zone here.
const now = Date.parse('2026-11-10T03:20:00.000Z');
const later = now + 3 * dayMs + 5 * hourMs;
const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu'] as const;

interface Token {
  agentId: string;
  at: number;
}

// ---- the independent computation ------------------------------------------

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function local(zone: string, at: number) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    month: `${part('year')}-${part('month')}-01`,
    dow: weekdays.indexOf(part('weekday')),
    hour: Number(part('hour')),
  };
}

/** The `days` dates ending with the local date of `at`, oldest first. */
function lastDates(zone: string, at: number, days: number): string[] {
  const [y, m, d] = local(zone, at).date.split('-').map(Number) as [number, number, number];
  return Array.from({ length: days }, (_, i) =>
    new Date(Date.UTC(y, m - 1, d - (days - 1 - i))).toISOString().slice(0, 10),
  );
}

function monthBefore(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
}

function expectedTrend(zone: string, tokens: readonly Token[], at: number, days: number) {
  const counts = new Map<string, number>();
  for (const token of tokens) {
    const date = local(zone, token.at).date;
    counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  return lastDates(zone, at, days).map((date) => ({ date, count: counts.get(date) ?? 0 }));
}

function expectedHeatmap(zone: string, tokens: readonly Token[], at: number) {
  const inWindow = new Set(lastDates(zone, at, 30));
  const counts = new Map<string, number>();
  for (const token of tokens) {
    const fields = local(zone, token.at);
    if (!inWindow.has(fields.date)) continue;
    const key = `${token.agentId}|${fields.dow}|${fields.hour}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => {
      const [agent_id, dow, hour] = key.split('|') as [string, string, string];
      return { agent_id, dow: Number(dow), hour: Number(hour), count };
    })
    .sort((a, b) =>
      a.agent_id !== b.agent_id
        ? a.agent_id < b.agent_id
          ? -1
          : 1
        : a.dow * 24 + a.hour - (b.dow * 24 + b.hour),
    );
}

function expectedMonthCounts(zone: string, tokens: readonly Token[], month: string) {
  const counts = new Map<string, number>();
  for (const token of tokens) {
    if (local(zone, token.at).month === month)
      counts.set(token.agentId, (counts.get(token.agentId) ?? 0) + 1);
  }
  return counts;
}

// ---- the history ----------------------------------------------------------

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Instants on both sides of every quarter hour in [from, to). */
function quarterEdges(from: string, to: string): number[] {
  const edges: number[] = [];
  for (let at = Date.parse(from); at < Date.parse(to); at += 15 * minuteMs) {
    edges.push(at - 1, at);
  }
  return edges;
}

// Around the clock changes, the local midnights and month starts of every
// zone here and of UTC, plus a spread over the last 70 days.
function historyInstants(seed: number): number[] {
  const random = prng(seed);
  const spread = Array.from({ length: 260 }, () => now - Math.floor(random() * 70 * dayMs));
  return [
    ...spread,
    ...quarterEdges('2026-10-24T21:45:00Z', '2026-10-25T02:15:00Z'), // Berlin midnight and fall back
    ...quarterEdges('2026-10-31T18:00:00Z', '2026-11-01T00:30:00Z'), // Kathmandu, Kolkata, UTC months
    ...quarterEdges('2026-11-01T03:30:00Z', '2026-11-01T06:30:00Z'), // New York month and fall back
    ...quarterEdges('2026-11-08T18:00:00Z', '2026-11-08T19:00:00Z'), // a Sunday midnight in Asia
    ...quarterEdges('2026-10-11T03:45:00Z', '2026-10-11T04:30:00Z'), // New York's window start
    now - 1,
  ].filter((at) => at < now);
}

function tokenEvent(tenantId: string, agent: RegisteredAgent, at: number): NewEvent {
  return {
    type: 'TokenIssued',
    data: {
      tenantId,
      agentId: agent.agent_id,
      clientId: agent.client_id,
      jti: randomUUID(),
      scopes: [],
      expiresAt: '2030-01-01T00:00:00.000Z',
    },
    metadata: {
      tenantId,
      occurredAt: new Date(at).toISOString(),
      actor: { type: 'system', id: 'history' },
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

describe('the reporting time zone', () => {
  let ctx: CommandApp;
  let projections: { close(): Promise<void> };
  let http: ReturnType<typeof request>;
  const tenants: {
    zone: string;
    tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
    agents: RegisteredAgent[];
    tokens: Token[];
    /** Tokens and the agents' registrations: the heatmap counts every agent event. */
    activity: Token[];
  }[] = [];

  const settled = async () => {
    await waitFor('projections to catch up', () =>
      allCaughtUp(ctx.runtime.pool, ctx.runtime.eventStore),
    );
  };
  const get = (path: string, token: string) => http.get(path).auth(token, { type: 'bearer' });
  const appendTokens = async (
    tenantId: string,
    agents: readonly RegisteredAgent[],
    instants: readonly number[],
    random: () => number,
  ): Promise<Token[]> => {
    const tokens = instants.map((at) => ({
      agent: agents[Math.floor(random() * agents.length)] as RegisteredAgent,
      at,
    }));
    for (const agent of agents) {
      const events = tokens
        .filter((token) => token.agent === agent)
        .map((token) => tokenEvent(tenantId, agent, token.at));
      for (let i = 0; i < events.length; i += 50) {
        await ctx.runtime.eventStore.appendToStream(
          streamNames.tokens(tenantId, agent.agent_id),
          events.slice(i, i + 50),
        );
      }
    }
    return tokens.map((token) => ({ agentId: token.agent.agent_id, at: token.at }));
  };
  // Admin tokens live a day at most; after moving the clock on, new ones.
  const renewAdminTokens = async () => {
    for (const entry of tenants) {
      const response = await http
        .post('/oauth2/token')
        .auth(entry.tenant.adminClientId, entry.tenant.adminClientSecret)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200);
      entry.tenant.adminToken = response.body.access_token as string;
    }
  };
  const setZone = async (adminToken: string, zone: string) => {
    const response = await http
      .put('/api/tenant/settings')
      .auth(adminToken, { type: 'bearer' })
      .send({ time_zone: zone });
    expect([response.status, response.body]).toEqual([200, { time_zone: zone }]);
  };

  beforeAll(async () => {
    ctx = await startCommandApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' }, { allRoutes: true });
    http = request(ctx.app.callback());
    projections = await startProjectionProcess({
      config: {
        ...ctx.runtime.config,
        PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('zones'),
        PROJECTION_WAKE_INTERVAL_MS: 200,
      },
      logger: ctx.runtime.logger,
      pool: ctx.runtime.pool,
      eventStore: ctx.runtime.eventStore,
    });
    const registeredAt = now - 10 * minuteMs;
    ctx.clock.set(new Date(registeredAt).toISOString());
    for (const [index, zone] of zones.entries()) {
      const tenant = await ctx.newTenant(`Tenant in ${zone}`);
      const agents = [
        await registerAgent(http, tenant.adminToken, 'alpha'),
        await registerAgent(http, tenant.adminToken, 'beta'),
      ];
      const tokens = await appendTokens(
        tenant.tenantId,
        agents,
        historyInstants(index + 1),
        prng(100 + index),
      );
      const registrations = agents.map((agent) => ({ agentId: agent.agent_id, at: registeredAt }));
      tenants.push({ zone, tenant, agents, tokens, activity: [...tokens, ...registrations] });
    }
    await settled();
    ctx.clock.set(new Date(now).toISOString());
  }, 120_000);
  afterAll(async () => {
    await projections.close();
    await ctx.close();
  });

  it('answers in UTC until a zone is set, and says so', async () => {
    const { tenant, tokens, activity } = tenants[0]!;
    const trend = await get('/api/analytics/tokens?days=30', tenant.adminToken);
    expect(trend.status).toBe(200);
    expect(trend.headers['reporting-time-zone']).toBe('UTC');
    expect(trend.body).toEqual(expectedTrend('UTC', tokens, now, 30));
    const heatmap = await get('/api/analytics/agents/activity', tenant.adminToken);
    expect(heatmap.body).toEqual(expectedHeatmap('UTC', activity, now));
  });

  it.each(zones.map((zone, index) => [zone, index] as const))(
    'follows %s in the trend, the heatmap and the usage months',
    async (zone, index) => {
      const { tenant, agents, tokens, activity } = tenants[index]!;
      await setZone(tenant.adminToken, zone);
      await settled();

      const trend = await get('/api/analytics/tokens?days=30', tenant.adminToken);
      expect(trend.headers['reporting-time-zone']).toBe(zone);
      expect(trend.body).toEqual(expectedTrend(zone, tokens, now, 30));

      const comparison = await get('/api/analytics/tokens/comparison?days=20', tenant.adminToken);
      const both = expectedTrend(zone, tokens, now, 40);
      expect(comparison.body).toEqual(
        both.slice(20).map((day, i) => ({
          ...day,
          previous_date: both[i]?.date,
          previous_count: both[i]?.count,
        })),
      );

      const heatmap = await get('/api/analytics/agents/activity', tenant.adminToken);
      expect(heatmap.headers['reporting-time-zone']).toBe(zone);
      expect(heatmap.body).toEqual(expectedHeatmap(zone, activity, now));
      const oneAgent = await get(
        `/api/analytics/agents/activity?agent_id=${agents[1]!.agent_id}`,
        tenant.adminToken,
      );
      expect(oneAgent.body).toEqual(
        expectedHeatmap(
          zone,
          activity.filter((event) => event.agentId === agents[1]!.agent_id),
          now,
        ),
      );

      const month = local(zone, now).month;
      const thisMonth = expectedMonthCounts(zone, tokens, month);
      const lastMonth = expectedMonthCounts(zone, tokens, monthBefore(month));
      const usage = await get('/api/analytics/agents', tenant.adminToken);
      expect(usage.headers['reporting-time-zone']).toBe(zone);
      expect(
        Object.fromEntries(
          usage.body.map((row: { agent_id: string; token_count: number }) => [
            row.agent_id,
            row.token_count,
          ]),
        ),
      ).toEqual(
        Object.fromEntries(agents.map((a) => [a.agent_id, thisMonth.get(a.agent_id) ?? 0])),
      );
      const usageComparison = await get('/api/analytics/agents/comparison', tenant.adminToken);
      for (const row of usageComparison.body as {
        agent_id: string;
        token_count: number;
        previous_month_count: number;
      }[]) {
        expect(row).toMatchObject({
          token_count: thisMonth.get(row.agent_id) ?? 0,
          previous_month_count: lastMonth.get(row.agent_id) ?? 0,
        });
      }
    },
    60_000,
  );

  it('keeps the zone as live traffic moves the window on, and at the hour UTC and local months differ', async () => {
    for (const [index, entry] of tenants.entries()) {
      const random = prng(500 + index);
      const instants = [
        ...Array.from({ length: 60 }, () => now + Math.floor(random() * (later - now))),
        ...quarterEdges('2026-11-12T18:00:00Z', '2026-11-13T01:00:00Z'),
      ];
      const added = await appendTokens(entry.tenant.tenantId, entry.agents, instants, random);
      entry.tokens.push(...added);
      entry.activity.push(...added);
    }
    await settled();
    ctx.clock.set(new Date(later).toISOString());
    await renewAdminTokens();
    for (const { zone, tenant, tokens, activity } of tenants) {
      const heatmap = await get('/api/analytics/agents/activity', tenant.adminToken);
      expect([zone, heatmap.body]).toEqual([zone, expectedHeatmap(zone, activity, later)]);
      const trend = await get('/api/analytics/tokens?days=7', tenant.adminToken);
      expect([zone, trend.body]).toEqual([zone, expectedTrend(zone, tokens, later, 7)]);
    }
    // 2026-11-01 02:00 UTC: November in UTC, Kolkata and Kathmandu, still October in New York.
    const octoberInNewYork = Date.parse('2026-11-01T02:00:00Z');
    ctx.clock.set(new Date(octoberInNewYork).toISOString());
    await renewAdminTokens();
    for (const { zone, tenant, agents, tokens } of tenants) {
      const counts = expectedMonthCounts(zone, tokens, local(zone, octoberInNewYork).month);
      const usage = await get('/api/analytics/agents', tenant.adminToken);
      expect([
        zone,
        usage.body.map((row: { token_count: number }) => row.token_count).sort(),
      ]).toEqual([zone, agents.map((a) => counts.get(a.agent_id) ?? 0).sort()]);
    }
    ctx.clock.set(new Date(later).toISOString());
    await renewAdminTokens();
  }, 60_000);

  it('answers exactly as before once the zone is UTC again', async () => {
    const { tenant, tokens, activity } = tenants[2]!;
    await setZone(tenant.adminToken, 'UTC');
    await settled();
    const heatmap = await get('/api/analytics/agents/activity', tenant.adminToken);
    expect(heatmap.headers['reporting-time-zone']).toBe('UTC');
    expect(heatmap.body).toEqual(expectedHeatmap('UTC', activity, later));
    const trend = await get('/api/analytics/tokens?days=30', tenant.adminToken);
    expect(trend.body).toEqual(expectedTrend('UTC', tokens, later, 30));
  });

  it('leaves other tenants in their own zone', async () => {
    const [newYork, berlin] = tenants;
    const answer = await get('/api/analytics/agents/activity', berlin!.tenant.adminToken);
    expect(answer.headers['reporting-time-zone']).toBe('Europe/Berlin');
    expect(answer.body).toEqual(expectedHeatmap('Europe/Berlin', berlin!.activity, later));
    const other = await get('/api/analytics/tokens?days=3', newYork!.tenant.adminToken);
    expect(other.headers['reporting-time-zone']).toBe('America/New_York');
  });
});
