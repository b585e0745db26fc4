import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createQueryTestContext, type QueryTestContext } from './support/queryTestContext.js';
import { forgedCursor } from './support/forgedCursor.js';
import { insertAgent } from './support/readModelRows.js';

const tenantId = randomUUID();
const otherTenantId = randomUUID();

describe('agents endpoints', () => {
  let ctx: QueryTestContext;
  let token: string;
  const registered: string[] = [];
  let foreignAgent: string;
  const get = (path: string, bearer = token) =>
    request(ctx.app.callback()).get(path).set('Authorization', `Bearer ${bearer}`);

  beforeAll(async () => {
    ctx = await createQueryTestContext('2026-03-15T10:30:00.000Z');
    token = await ctx.tokenFor(tenantId);
    // Seven agents; three share one registration instant (down to the microsecond).
    const instants = [
      '2026-01-01T00:00:00.000001Z',
      '2026-01-02T00:00:00Z',
      '2026-01-02T00:00:00Z',
      '2026-01-02T00:00:00Z',
      '2026-01-02T00:00:00.000001Z',
      '2026-01-03T00:00:00Z',
      '2026-01-04T00:00:00Z',
    ];
    for (const [index, registeredAt] of instants.entries()) {
      registered.push(
        await insertAgent(ctx.db.pool, {
          tenantId,
          name: `agent ${index}`,
          registeredAt,
          status: index % 3 === 0 ? 'deactivated' : 'active',
        }),
      );
    }
    foreignAgent = await insertAgent(ctx.db.pool, { tenantId: otherTenantId, name: 'foreign' });
  });
  afterAll(() => ctx.close());

  async function collect(query: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await get(`/api/agents?${query}${suffix}`);
      expect(response.status).toBe(200);
      ids.push(...response.body.items.map((item: { agent_id: string }) => item.agent_id));
      cursor = response.body.next_cursor;
      pages += 1;
    } while (cursor && pages < 20);
    return { ids, pages };
  }

  it('lists the tenant’s agents newest first with their fields', async () => {
    const response = await get('/api/agents');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.next_cursor).toBeNull();
    expect(response.body.items).toHaveLength(7);
    expect(response.body.items[0]).toEqual({
      agent_id: registered[6],
      client_id: expect.stringMatching(/^agt_/),
      name: 'agent 6',
      description: 'agent 6 description',
      scopes: ['analytics:read'],
      status: 'deactivated',
      registered_at: '2026-01-04T00:00:00.000Z',
      updated_at: '2026-01-04T00:00:00.000Z',
      deactivated_at: '2026-01-04T00:00:00.000Z',
      quota: null,
    });
    expect(response.body.items.at(-1).agent_id).toBe(registered[0]);
  });

  it('pages through every agent exactly once, also across equal registration instants', async () => {
    const all = (await get('/api/agents')).body.items.map((i: { agent_id: string }) => i.agent_id);
    for (const limit of [1, 2, 3]) {
      const { ids, pages } = await collect(`limit=${limit}`);
      expect(ids).toEqual(all);
      expect(pages).toBe(Math.ceil(7 / limit));
    }
  });

  it('filters by status, also across pages', async () => {
    const { ids } = await collect('limit=2&status=deactivated');
    expect(new Set(ids)).toEqual(new Set([registered[0], registered[3], registered[6]]));
    expect(ids).toHaveLength(3);
    const active = await collect('status=active');
    expect(active.ids).toHaveLength(4);
  });

  it('validates limit and status, naming the parameter', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=2.5', 'status=deleted', 'page=2']) {
      const response = await get(`/api/agents?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe(query.split('=')[0]);
    }
    expect((await get('/api/agents?limit=200')).status).toBe(200);
  });

  it('refuses a tampered cursor and another tenant’s cursor with 400', async () => {
    const first = await get('/api/agents?limit=2');
    const cursor = first.body.next_cursor as string;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    decoded.v[0] = '0';
    const tampered = Buffer.from(JSON.stringify(decoded)).toString('base64url');
    for (const bad of [tampered, 'garbage', `${cursor}x`]) {
      const response = await get(`/api/agents?cursor=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('cursor');
    }
    const foreign = await get(
      `/api/agents?cursor=${encodeURIComponent(cursor)}`,
      await ctx.tokenFor(otherTenantId),
    );
    expect(foreign.status).toBe(400);
  });

  it('refuses a cursor the server did not sign, whatever values it carries', async () => {
    const agentId = registered[0] as string;
    for (const registeredUs of ['9999999999999999999', '-9999999999999999999', '0']) {
      const forged = forgedCursor('agents', tenantId, [registeredUs, agentId]);
      const response = await get(`/api/agents?cursor=${encodeURIComponent(forged)}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('returns one agent by id', async () => {
    const response = await get(`/api/agents/${registered[1]}`);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({ agent_id: registered[1], name: 'agent 1' });
  });

  it('answers the same 404 for an unknown agent and for another tenant’s agent', async () => {
    const unknown = await get(`/api/agents/${randomUUID()}`);
    const foreign = await get(`/api/agents/${foreignAgent}`);
    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: 0, request_id: 0 });
    expect(strip(foreign.body)).toEqual(strip(unknown.body));
  });

  it('rejects a malformed id and unknown parameters with 400', async () => {
    const malformed = await get('/api/agents/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('id');
    const extra = await get(`/api/agents/${registered[1]}?expand=all`);
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].field).toBe('expand');
  });

  it('requires a tenant admin token', async () => {
    for (const path of ['/api/agents', `/api/agents/${registered[1]}`]) {
      expect((await request(ctx.app.callback()).get(path)).status).toBe(401);
      expect((await get(path, await ctx.tokenFor(tenantId, []))).status).toBe(403);
    }
  });
});
