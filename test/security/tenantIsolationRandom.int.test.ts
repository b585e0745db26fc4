import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { startFullStackApp, type FullStackApp } from '../support/fullStackApp.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { foreignDataIn, markersOf, type Marker } from './support/foreignData.js';
import {
  isolationCommands,
  nameText,
  registerAgent,
  requestToken,
  scopeList,
  type Real,
} from './support/isolationCommands.js';
import {
  agentView,
  expectedAgents,
  expectedAudit,
  expectedHeatmap,
  expectedTokenTrend,
  expectedUsage,
  type AuditFilter,
  type TenantModel,
  type World,
} from './support/isolationModel.js';

// Tenant isolation under random operations: several tenants register, rename,
// rotate, deactivate agents and take tokens in a random order (and aim
// commands at each other's agents), all through HTTP with the projection
// workers running. Then every query endpoint, with every kind of filter, is
// asked as every tenant: each answer must hold nothing of another tenant and
// must equal what an independent model of the tenant's own data predicts.
// FC_SEED replays a run (the seed is in the failure message).

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

type AuditTuple = readonly [string, string | null, string];
interface AuditItem {
  type: string;
  occurred_at: string;
  data: { tenantId: string; agentId?: string | null };
}

async function newTenantModel(real: Real, label: string): Promise<TenantModel> {
  const created = await real.stack.newTenant(`Isolation ${label} ${randomUUID().slice(0, 8)}`);
  const at = real.stack.clock.now();
  return {
    label,
    tenantId: created.tenantId,
    name: created.name,
    adminClientId: created.adminClientId,
    adminSecret: created.adminClientSecret,
    adminToken: created.adminToken,
    adminTokenAt: at,
    agents: [],
    events: [
      { type: 'TenantCreated', agentId: null, at },
      { type: 'TenantAdminClientIssued', agentId: null, at },
      { type: 'TokenIssued', agentId: null, at },
    ],
    jtis: [decodeJwt(created.adminToken).jti as string],
    namesGiven: 0,
  };
}

async function auditPages(
  real: Real,
  tenant: TenantModel,
  query: Record<string, string>,
  check: (response: request.Response, path: string) => void,
): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 500; page += 1) {
    const params: URLSearchParams = new URLSearchParams({
      ...query,
      ...(cursor ? { cursor } : {}),
    });
    const path = `/api/audit/events?${params.toString()}`;
    const response: request.Response = await real.http
      .get(path)
      .set('Authorization', `Bearer ${tenant.adminToken}`);
    expect([path, response.status]).toEqual([path, 200]);
    check(response, path);
    items.push(...(response.body.items as AuditItem[]));
    cursor = response.body.next_cursor;
    if (cursor === null) return items;
  }
  throw new Error(`audit paging did not end: ${JSON.stringify(query)}`);
}

/**
 * Waits until every tenant's log shows all of its events (the Postgres store
 * hides events younger than any running transaction) and, after that, every
 * projection has reached the head.
 */
async function settle(real: Real, world: World): Promise<void> {
  await waitFor(
    'every event to be visible and projected',
    async () => {
      for (const tenant of world.tenants) {
        const items = await auditPages(real, tenant, { limit: '500' }, () => undefined);
        if (items.length < tenant.events.length) return false;
      }
      return allCaughtUp(real.stack.runtime.pool, real.stack.runtime.eventStore);
    },
    30_000,
    200,
  );
}

function foreignMarkers(world: World, self: TenantModel): Marker[] {
  return [
    ...[...world.tenants, ...world.bystanders].filter((t) => t !== self).flatMap(markersOf),
    ...world.refusedNames.map((text) => ({ what: 'a name sent with a refused command', text })),
  ];
}

const byAgentId = <T extends { agent_id: string }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => (a.agent_id < b.agent_id ? -1 : 1));

/** Every GET endpoint as `self`; returns how many requests were made. */
async function sweep(real: Real, world: World, self: TenantModel): Promise<number> {
  const now = real.stack.clock.now();
  const foreign = foreignMarkers(world, self);
  const others = world.tenants.filter((t) => t !== self);
  const foreignAgents = others.flatMap((t) => t.agents);
  let requests = 0;
  const clean = (response: request.Response, path: string) => {
    requests += 1;
    expect([path, foreignDataIn(response, foreign, path.split('?')[0])]).toEqual([path, []]);
  };
  const get = async (path: string, status = 200) => {
    const response = await real.http.get(path).set('Authorization', `Bearer ${self.adminToken}`);
    expect([path, response.status]).toEqual([path, status]);
    clean(response, path);
    return response.body;
  };

  for (const days of [undefined, 1, 2, 7, 90]) {
    const body = await get(`/api/analytics/tokens${days ? `?days=${days}` : ''}`);
    expect(body).toEqual(expectedTokenTrend(self, now, days ?? 30));
  }

  expect(await get('/api/analytics/agents/activity')).toEqual(expectedHeatmap(self, now));
  for (const agent of self.agents) {
    expect(await get(`/api/analytics/agents/activity?agent_id=${agent.agentId}`)).toEqual(
      expectedHeatmap(self, now, agent.agentId),
    );
  }
  for (const agent of foreignAgents) {
    expect(await get(`/api/analytics/agents/activity?agent_id=${agent.agentId}`)).toEqual([]);
  }

  const usage = (await get('/api/analytics/agents')) as { agent_id: string; token_count: number }[];
  expect(byAgentId(usage)).toEqual(expectedUsage(self, now));
  const counts = usage.map((row) => row.token_count);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));

  for (const status of [undefined, 'active', 'deactivated'] as const) {
    for (const limit of [2, 200]) {
      const listed: unknown[] = [];
      let cursor: string | null = null;
      do {
        const params: URLSearchParams = new URLSearchParams({
          limit: String(limit),
          ...(status ? { status } : {}),
          ...(cursor ? { cursor } : {}),
        });
        const page = await get(`/api/agents?${params.toString()}`);
        listed.push(...page.items);
        cursor = page.next_cursor;
        expect(listed.length).toBeLessThanOrEqual(self.agents.length);
      } while (cursor !== null);
      expect(listed).toEqual(expectedAgents(self, status));
    }
  }
  for (const agent of self.agents) {
    expect(await get(`/api/agents/${agent.agentId}`)).toEqual(agentView(agent));
  }
  for (const agent of foreignAgents) await get(`/api/agents/${agent.agentId}`, 404);

  const audit = async (filter: AuditFilter, limit: number) => {
    const items = await auditPages(
      real,
      self,
      {
        limit: String(limit),
        ...(filter.agentId ? { agent_id: filter.agentId } : {}),
        ...(filter.type ? { type: filter.type } : {}),
        ...(filter.from ? { from: filter.from.toISOString() } : {}),
        ...(filter.to ? { to: filter.to.toISOString() } : {}),
      },
      clean,
    );
    for (const item of items) expect(item.data.tenantId).toBe(self.tenantId);
    const shown: AuditTuple[] = items.map((i) => [i.type, i.data.agentId ?? null, i.occurred_at]);
    expect([filter, shown]).toEqual([filter, expectedAudit(self, filter)]);
  };
  await audit({}, 3 + (self.events.length % 5));
  const types = new Set<string>(self.events.map((e) => e.type));
  for (const type of [...types, 'TenantAdminSecretRotated']) await audit({ type }, 7);
  for (const agent of self.agents) await audit({ agentId: agent.agentId }, 4);
  for (const agent of foreignAgents.slice(0, 3)) await audit({ agentId: agent.agentId }, 50);
  const from = self.events[Math.floor(self.events.length / 2)]!.at;
  const last = self.events.at(-1)!.at;
  const to = last > from ? last : new Date(from.getTime() + 60_000);
  await audit({ from, to }, 5);
  await audit({ from, to, type: 'TokenIssued' }, 5);
  return requests;
}

describe('tenant isolation under random operations', () => {
  let stack: FullStackApp;
  let real: Real;

  beforeAll(async () => {
    // Late on the last day of a month: the clock moves on during a run, so
    // "this month" and the daily windows are crossed in most runs.
    stack = await startFullStackApp('2026-11-30T06:00:00.000Z');
    real = { stack, http: request(stack.app.callback()) };
    await stack.startProjections();
  });
  afterAll(() => stack.close());

  it('every answer holds only the caller’s data and matches a model of it', async () => {
    const scenario = fc.record({
      labels: fc.constantFrom(['A', 'B', 'C'], ['A', 'B', 'C', 'D']),
      opening: fc.array(fc.tuple(nameText, scopeList), { minLength: 8, maxLength: 8 }),
      commands: isolationCommands({ minLength: 50, maxLength: 80 }),
    });
    const earlierRuns: TenantModel[] = [];
    await fc.assert(
      fc.asyncProperty(scenario, async ({ labels, opening, commands }) => {
        const world: World = { tenants: [], bystanders: [...earlierRuns], refusedNames: [] };
        for (const label of labels) world.tenants.push(await newTenantModel(real, label));
        for (const [index, [text, scopes]] of opening.entries()) {
          await registerAgent(real, world.tenants[index % world.tenants.length]!, text, scopes);
        }
        await fc.asyncModelRun(() => ({ model: world, real }), commands);
        await settle(real, world);
        let requests = 0;
        for (const tenant of world.tenants) requests += await sweep(real, world, tenant);
        expect(requests).toBeGreaterThan(world.tenants.length * 30);
        earlierRuns.push(...world.tenants);
      }),
      { seed, numRuns: 2, endOnFailure: true },
    );
  }, 120_000);

  it('the scan and the model catch a deliberately cross-tenant answer', async () => {
    const world: World = { tenants: [], bystanders: [], refusedNames: [] };
    const a = await newTenantModel(real, 'A');
    const b = await newTenantModel(real, 'B');
    world.tenants.push(a, b);
    await registerAgent(real, a, 'plain bot', []);
    // JSON escapes quotes and backslashes: the scan must look for the escaped form.
    const bAgent = await registerAgent(real, b, 'quote " and backslash \\ bot', ['tickets:read']);
    const token = await requestToken(real, bAgent.clientId, bAgent.secret, false);
    expect(token.status).toBe(200);
    b.events.push({ type: 'TokenIssued', agentId: bAgent.agentId, at: stack.clock.now() });
    b.jtis.push(decodeJwt(token.body.access_token).jti as string);
    await settle(real, world);

    const as = (tenant: TenantModel, path: string) =>
      real.http.get(path).set('Authorization', `Bearer ${tenant.adminToken}`);
    const mine = await as(a, '/api/agents');
    const theirs = await as(b, '/api/agents');
    expect(foreignDataIn(mine, markersOf(b))).toEqual([]);

    const leaked = { ...mine.body, items: [...mine.body.items, theirs.body.items[0]] };
    expect(foreignDataIn({ body: leaked }, markersOf(b))).toEqual([
      `agent id of B: ${bAgent.agentId}`,
      `agent client id of B: ${bAgent.clientId}`,
      `agent name of B: ${bAgent.name}`,
    ]);
    expect(leaked.items).not.toEqual(expectedAgents(a));
    // An id in another case, or only in a header, is still found.
    expect(
      foreignDataIn(
        { body: { note: b.tenantId.toUpperCase() }, headers: { 'x-owner': b.adminClientId } },
        markersOf(b),
      ),
    ).toEqual([`tenant B id: ${b.tenantId}`, `tenant B admin client id: ${b.adminClientId}`]);

    const myUsage = await as(a, '/api/analytics/agents');
    const theirUsage = await as(b, '/api/analytics/agents');
    expect(byAgentId(myUsage.body)).toEqual(expectedUsage(a, stack.clock.now()));
    const leakedUsage = byAgentId([...myUsage.body, ...theirUsage.body]);
    expect(leakedUsage).not.toEqual(expectedUsage(a, stack.clock.now()));
    expect(foreignDataIn({ body: leakedUsage }, markersOf(b))).toEqual([
      `agent id of B: ${bAgent.agentId}`,
      `agent name of B: ${bAgent.name}`,
    ]);

    const theirAudit = await as(b, '/api/audit/events');
    expect(foreignDataIn(theirAudit, markersOf(b)).length).toBeGreaterThan(4);
  });
});
