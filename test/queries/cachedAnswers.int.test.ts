import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { agentActivityProjection } from '../../src/readModels/agentActivity/projection.js';
import { bumpTenantVersions } from '../../src/projections/runner/readModelVersions.js';
import { rebuildProjection } from '../../src/projections/rebuild/rebuildProjection.js';
import type { ActivityBucket } from '../../src/readModels/agentActivity/getActivityHeatmap.js';
import type { AgentUsage } from '../../src/readModels/monthlyTokens/getAgentUsage.js';
import { startFullStackApp, type FullStackApp } from '../support/fullStackApp.js';

// The heatmap and usage answers are cached per read-model version: every
// projection batch for the tenant and every rebuild must make the next
// request see the new rows.
describe('cached analytics answers', () => {
  let stack: FullStackApp;
  let http: ReturnType<typeof request>;
  let tenant: Awaited<ReturnType<FullStackApp['newTenant']>>;
  let other: Awaited<ReturnType<FullStackApp['newTenant']>>;
  let agent: { agent_id: string; client_id: string; client_secret: string };

  const get = async <T>(path: string, token = tenant.adminToken): Promise<T> => {
    const response = await http.get(path).auth(token, { type: 'bearer' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return response.body as T;
  };
  const agentActivity = async (token?: string) =>
    (await get<ActivityBucket[]>('/api/analytics/agents/activity', token))
      .filter((bucket) => bucket.agent_id === agent.agent_id)
      .reduce((sum, bucket) => sum + bucket.count, 0);
  const agentTokens = async () =>
    (await get<AgentUsage[]>('/api/analytics/agents')).find(
      (usage) => usage.agent_id === agent.agent_id,
    )?.token_count;
  const issueTokens = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      await http
        .post('/oauth2/token')
        .type('form')
        .send({
          grant_type: 'client_credentials',
          client_id: agent.client_id,
          client_secret: agent.client_secret,
        })
        .expect(200);
    }
    await stack.projectionsCaughtUp();
  };

  beforeAll(async () => {
    stack = await startFullStackApp('2026-11-25T12:00:00.000Z');
    http = request(stack.app.callback());
    await stack.startProjections();
    tenant = await stack.newTenant('Acme');
    other = await stack.newTenant('Globex');
    const registered = await http
      .post('/api/agents')
      .auth(tenant.adminToken, { type: 'bearer' })
      .send({ name: 'support-bot' })
      .expect(201);
    agent = registered.body;
    await stack.projectionsCaughtUp();
  });
  afterAll(() => stack.close());

  it('follow every projection batch for the tenant', async () => {
    await issueTokens(1);
    // Registration and one token; both answers are now cached.
    expect(await agentActivity()).toBe(2);
    expect(await agentTokens()).toBe(1);

    await issueTokens(2);
    expect(await agentActivity()).toBe(4);
    expect(await agentTokens()).toBe(3);
  });

  it('never serve one tenant the answer cached for another', async () => {
    expect(await agentActivity()).toBeGreaterThan(0);
    expect(await get<ActivityBucket[]>('/api/analytics/agents/activity', other.adminToken)).toEqual(
      [],
    );
    expect(await get<AgentUsage[]>('/api/analytics/agents', other.adminToken)).toEqual([]);
  });

  it('follow a rebuild that replaces the table', async () => {
    const truth = await agentActivity();
    // A faulty write, as a projection bug would make it, served from then on.
    // The answer reads the stored heatmap; its hourly source goes wrong alike.
    await stack.runtime.pool.query(
      'UPDATE agent_activity_hourly SET count = count + 1000 WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    await stack.runtime.pool.query(
      'UPDATE agent_activity_heatmap SET counts[1] = counts[1] + 1000 WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    await bumpTenantVersions(stack.runtime.pool, agentActivityProjection.name, [tenant.tenantId]);
    expect(await agentActivity()).toBe(truth + 1000);
    // The rebuild recomputes the rows from the log without touching the
    // tenant's version; the answer must still change.
    await rebuildProjection(
      {
        pool: stack.runtime.pool,
        eventStore: stack.runtime.eventStore,
        logger: stack.runtime.logger,
      },
      agentActivityProjection,
      { batchSize: 500, lockTimeoutMs: 5000 },
    );
    expect(await agentActivity()).toBe(truth);
  });

  it('are sent gzipped to clients that accept it', async () => {
    // Buckets enough for an answer over 1 KiB, written as the projection
    // would (the stored heatmap the answer reads), under a new version.
    await stack.runtime.pool.query(
      `INSERT INTO agent_activity_heatmap AS t (tenant_id, agent_id, counts)
       SELECT $1, $2, heatmap_counts(array_agg((h % 7) * 24 + h), array_agg(1::bigint))
         FROM generate_series(0, 23) AS h
       ON CONFLICT (tenant_id, agent_id) DO UPDATE SET counts = heatmap_sum(t.counts, excluded.counts)`,
      [tenant.tenantId, agent.agent_id],
    );
    await bumpTenantVersions(stack.runtime.pool, agentActivityProjection.name, [tenant.tenantId]);
    const fetchWith = (encoding: string) =>
      http
        .get('/api/analytics/agents/activity')
        .auth(tenant.adminToken, { type: 'bearer' })
        .set('Accept-Encoding', encoding)
        .expect(200);
    const plain = await fetchWith('identity');
    const gzipped = await fetchWith('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(gzipped.headers['content-length'])).toBeLessThan(
      Number(plain.headers['content-length']),
    );
    expect(gzipped.body).toEqual(plain.body);
    expect(plain.body.length).toBeGreaterThan(20);
  });

  it('follow the clock into a new month', async () => {
    expect(await agentTokens()).toBe(3);
    stack.clock.set('2026-12-01T00:00:05.000Z');
    const response = await http
      .post('/oauth2/token')
      .auth(tenant.adminClientId, tenant.adminClientSecret)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    tenant = { ...tenant, adminToken: response.body.access_token as string };
    expect(await agentTokens()).toBe(0);
  });
});
