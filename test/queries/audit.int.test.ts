import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { streamNames } from '../../src/events/streams.js';
import { appendToStream } from '../../src/eventstore/postgres/appendToStream.js';
import { appendAgentUpdate, appendTokenIssued, metadataFor } from './support/auditEvents.js';
import { waitFor } from '../support/waitFor.js';
import { forgedCursor } from './support/forgedCursor.js';
import { createQueryTestContext, type QueryTestContext } from './support/queryTestContext.js';
import { domainEventCodec } from '../../src/events/registry.js';

const tenantId = randomUUID();
const otherTenantId = randomUUID();
const agentA = randomUUID();
const agentB = randomUUID();

interface AuditItem {
  id: string;
  type: string;
  stream: string;
  position: string;
  occurred_at: string;
  actor: { type: string; id: string };
  data: Record<string, unknown>;
}

function minuteOf(index: number): string {
  return new Date(Date.UTC(2026, 2, 1, 0, index)).toISOString();
}

describe('GET /api/audit/events', () => {
  let ctx: QueryTestContext;
  let token: string;
  const get = (path: string, bearer = token) =>
    request(ctx.app.callback()).get(path).set('Authorization', `Bearer ${bearer}`);

  async function readAllPages(
    query: string,
    between?: (page: number) => Promise<void>,
  ): Promise<{ items: AuditItem[]; pages: number }> {
    const items: AuditItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await get(`/api/audit/events?${query}${suffix}`);
      expect(response.status).toBe(200);
      items.push(...response.body.items);
      cursor = response.body.next_cursor;
      pages += 1;
      if (between) await between(pages);
    } while (cursor && pages < 100);
    return { items, pages };
  }

  // 20 events for the tenant, alternating agents and types, one per minute,
  // plus events of another tenant interleaved.
  beforeAll(async () => {
    ctx = await createQueryTestContext('2026-03-15T10:30:00.000Z');
    token = await ctx.tokenFor(tenantId);
    for (let index = 0; index < 20; index += 1) {
      const agentId = index % 2 === 0 ? agentA : agentB;
      const occurredAt = minuteOf(index);
      if (index % 4 < 2)
        await appendAgentUpdate(ctx.store, { tenantId, agentId, name: `n${index}`, occurredAt });
      else await appendTokenIssued(ctx.store, { tenantId, agentId, occurredAt });
      await appendAgentUpdate(ctx.store, {
        tenantId: otherTenantId,
        agentId: agentA,
        name: `foreign ${index}`,
        occurredAt,
      });
    }
  });
  afterAll(() => ctx.close());

  it('returns the tenant’s raw events newest first', async () => {
    const response = await get('/api/audit/events');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.next_cursor).toBeNull();
    const items = response.body.items as AuditItem[];
    expect(items).toHaveLength(20);
    expect(items.map((item) => item.occurred_at)).toEqual(
      Array.from({ length: 20 }, (_, index) => minuteOf(19 - index)),
    );
    expect(items[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'TokenIssued',
      stream: streamNames.tokens(tenantId, agentB),
      position: expect.stringMatching(/^\d+:\d+$/),
      occurred_at: minuteOf(19),
      actor: { type: 'agent', id: agentB },
      metadata: {
        correlation_id: expect.any(String),
        causation_id: null,
        schema_version: 1,
        recorded_at: expect.stringMatching(/Z$/),
      },
      data: expect.objectContaining({ tenantId, agentId: agentB }),
    });
    expect(items.every((item) => item.data.tenantId === tenantId)).toBe(true);
  });

  it('filters by agent, type and occurred_at window, alone and combined', async () => {
    const byAgent = (await readAllPages(`agent_id=${agentA}&limit=3`)).items;
    expect(byAgent).toHaveLength(10);
    expect(byAgent.every((item) => item.data.agentId === agentA)).toBe(true);

    const tokens = (await readAllPages('type=TokenIssued')).items;
    expect(tokens).toHaveLength(10);
    expect(tokens.every((item) => item.type === 'TokenIssued')).toBe(true);

    const window = (await readAllPages(`from=${minuteOf(5)}&to=${minuteOf(9)}&limit=2`)).items;
    expect(window.map((item) => item.occurred_at)).toEqual([
      minuteOf(8),
      minuteOf(7),
      minuteOf(6),
      minuteOf(5),
    ]);

    const combined = await get(
      `/api/audit/events?agent_id=${agentB}&type=AgentUpdated&from=${minuteOf(0)}&to=${minuteOf(10)}`,
    );
    expect(combined.body.items.map((item: AuditItem) => item.occurred_at)).toEqual([
      minuteOf(9),
      minuteOf(5),
      minuteOf(1),
    ]);
  });

  it('validates every parameter, naming it', async () => {
    const cases: [string, string][] = [
      ['type=NoSuchEvent', 'type'],
      ['agent_id=42', 'agent_id'],
      ['from=yesterday', 'from'],
      ['to=2026-13-01T00:00:00Z', 'to'],
      [`from=${minuteOf(5)}&to=${minuteOf(5)}`, 'to'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['tenant=x', 'tenant'],
    ];
    for (const [query, field] of cases) {
      const response = await get(`/api/audit/events?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await get('/api/audit/events?limit=500')).status).toBe(200);
  });

  it('refuses a tampered cursor and another tenant’s cursor with 400', async () => {
    const first = await get('/api/audit/events?limit=5');
    const cursor = first.body.next_cursor as string;
    const envelope = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    envelope.v[1] = String(BigInt(envelope.v[1]) + 1n);
    const tampered = Buffer.from(JSON.stringify(envelope)).toString('base64url');
    for (const bad of [tampered, 'AAAA', cursor.slice(0, -2)]) {
      const response = await get(`/api/audit/events?cursor=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('cursor');
    }
    const foreign = await get(
      `/api/audit/events?cursor=${encodeURIComponent(cursor)}`,
      await ctx.tokenFor(otherTenantId),
    );
    expect(foreign.status).toBe(400);
  });

  it('refuses a cursor the server did not sign, whatever position it carries', async () => {
    const positions = [
      ['9223372036854775807', '9223372036854775807'],
      ['-1', '-1'],
      ['1', '1'],
    ];
    for (const position of positions) {
      const forged = forgedCursor('audit', tenantId, position);
      const response = await get(`/api/audit/events?cursor=${encodeURIComponent(forged)}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('pages without duplicates or gaps while events are appended between page reads', async () => {
    const pagingTenant = randomUUID();
    const pagingToken = await ctx.tokenFor(pagingTenant);
    const append = (minute: number) =>
      appendTokenIssued(ctx.store, {
        tenantId: pagingTenant,
        agentId: agentA,
        occurredAt: minuteOf(minute),
      });
    for (let minute = 0; minute < 10; minute += 1) await append(minute);
    // Events become visible once every older transaction on the server has
    // ended; other test files' transactions can hold them back briefly.
    let settled: string[] = [];
    await waitFor('the appended events to be visible', async () => {
      settled = (await get('/api/audit/events?limit=500', pagingToken)).body.items.map(
        (item: AuditItem) => item.id,
      );
      return settled.length === 10;
    });
    expect(settled).toHaveLength(10);

    // A slow writer opens its transaction and appends; 15 quicker appends
    // commit after it started but before it commits, so its event will sort
    // below theirs once committed.
    const slowWriter = await ctx.db.pool.connect();
    await slowWriter.query('BEGIN');
    const lateId = randomUUID();
    await appendToStream(
      slowWriter,
      streamNames.agent(pagingTenant, agentB),
      [
        {
          id: lateId,
          type: 'AgentUpdated',
          data: { tenantId: pagingTenant, agentId: agentB, name: 'late' },
          metadata: metadataFor(pagingTenant, minuteOf(20)),
        },
      ],
      'any',
      domainEventCodec,
    );
    for (let minute = 30; minute < 45; minute += 1) await append(minute);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    try {
      do {
        const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const response = await get(`/api/audit/events?limit=4${suffix}`, pagingToken);
        expect(response.status).toBe(200);
        seen.push(...response.body.items.map((item: AuditItem) => item.id));
        cursor = response.body.next_cursor;
        pages += 1;
        // Appends between page reads, and the slow writer commits after page 1.
        await append(100 + pages);
        if (pages === 1) await slowWriter.query('COMMIT');
      } while (cursor && pages < 50);
    } finally {
      await slowWriter.query('ROLLBACK').catch(() => {});
      slowWriter.release();
    }

    // The listing is the prefix that was settled when page 1 was read: the
    // late event, committed mid-listing below the newer ones, never shows up
    // in the middle of it, and nothing repeats or goes missing.
    expect(seen).toEqual(settled);
    expect(new Set(seen).size).toBe(seen.length);

    // A fresh read from the top sees everything, the late event in log order.
    const after = (await get('/api/audit/events?limit=500', pagingToken)).body.items as AuditItem[];
    expect(after).toHaveLength(10 + 1 + 15 + pages);
    const ids = after.map((item) => item.id);
    expect(ids.slice(-10)).toEqual(settled);
    expect(ids.indexOf(lateId)).toBe(after.length - 11);
  });

  it('requires a tenant admin token', async () => {
    expect((await request(ctx.app.callback()).get('/api/audit/events')).status).toBe(401);
    expect((await get('/api/audit/events', await ctx.tokenFor(tenantId, []))).status).toBe(403);
  });
});
