import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import pg from 'pg';
import { startFullStackApp, type FullStackApp } from '../support/fullStackApp.js';
import { waitFor } from '../support/waitFor.js';

// The original requirements (analytics-dashboard-spec.md), scenario by
// scenario, through HTTP against the whole API with the projection workers
// running: commands append events, projections fill the tables, queries read them.
const today = '2026-11-25';

describe('Analytics dashboard requirements, end to end', () => {
  let stack: FullStackApp;
  let http: ReturnType<typeof request>;
  let tenant: Awaited<ReturnType<FullStackApp['newTenant']>>;
  let agent: { agent_id: string; client_id: string; client_secret: string };

  const metric = async (tenantId: string, metricType: string): Promise<number> => {
    const { rows } = await stack.runtime.pool.query<{ count: string }>(
      `SELECT count::text FROM analytics_events WHERE tenant_id = $1 AND date = $2 AND metric_type = $3`,
      [tenantId, today, metricType],
    );
    return Number(rows[0]?.count ?? 0);
  };
  const issueAgentToken = () =>
    http.post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: agent.client_id,
      client_secret: agent.client_secret,
    });

  beforeAll(async () => {
    stack = await startFullStackApp(`${today}T12:00:00.000Z`);
    http = request(stack.app.callback());
    await stack.startProjections();
    tenant = await stack.newTenant('Acme');
    const registered = await http
      .post('/api/agents')
      .auth(tenant.adminToken, { type: 'bearer' })
      .send({ name: 'support-bot', scopes: ['tickets:read'] });
    expect(registered.status).toBe(201);
    agent = registered.body;
  });
  afterAll(() => stack.close());

  describe('Requirement: Analytics events are recorded for token issuances and agent activity', () => {
    it('Token issuance recorded in analytics', async () => {
      await stack.projectionsCaughtUp();
      const before = await metric(tenant.tenantId, 'token_issued');
      const response = await issueAgentToken();
      expect(response.status).toBe(200);
      await waitFor(
        'token_issued to increase',
        async () => (await metric(tenant.tenantId, 'token_issued')) === before + 1,
      );
      await issueAgentToken().expect(200);
      await waitFor(
        'token_issued to increase again',
        async () => (await metric(tenant.tenantId, 'token_issued')) === before + 2,
      );
    });

    it('Agent registration recorded in analytics', async () => {
      await stack.projectionsCaughtUp();
      const before = await metric(tenant.tenantId, 'agent_registered');
      await http
        .post('/api/agents')
        .auth(tenant.adminToken, { type: 'bearer' })
        .send({ name: 'billing-bot' })
        .expect(201);
      await waitFor(
        'agent_registered to increase',
        async () => (await metric(tenant.tenantId, 'agent_registered')) === before + 1,
      );
    });

    it('Analytics recording does not block the primary response', async () => {
      await stack.projectionsCaughtUp();
      const before = await metric(tenant.tenantId, 'token_issued');
      const logLinesBefore = stack.logLines.length;
      // Another session holds the rollup table in SHARE mode (no writes; a
      // mode that, unlike ACCESS EXCLUSIVE, takes no transaction id that
      // would hold back readers): every analytics write now waits for the
      // lock and times out, like a database timeout.
      const blocker = new pg.Client({ connectionString: stack.db.url });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE analytics_events IN SHARE MODE');
      try {
        for (let i = 0; i < 5; i += 1) {
          const started = Date.now();
          const response = await issueAgentToken();
          expect(response.status).toBe(200);
          expect(response.body.access_token).toEqual(expect.any(String));
          expect(Date.now() - started).toBeLessThan(2000);
        }
        await waitFor('the failed analytics write to be logged', () =>
          stack.logLines
            .slice(logLinesBefore)
            .some((line) => line.includes('dailyMetrics') && /"level":(40|50)/.test(line)),
        );
        expect(await metric(tenant.tenantId, 'token_issued')).toBe(before);
      } finally {
        await blocker.query('ROLLBACK');
        await blocker.end();
      }
      await waitFor(
        'analytics to catch up',
        async () => (await metric(tenant.tenantId, 'token_issued')) === before + 5,
      );
      await stack.projectionsCaughtUp();
      expect(await metric(tenant.tenantId, 'token_issued')).toBe(before + 5);
    });
  });

  describe('Requirement: Tenant can retrieve token issuance trend data', () => {
    it('Successful token trend retrieval', async () => {
      await stack.projectionsCaughtUp();
      const response = await http
        .get('/api/analytics/tokens?days=30')
        .auth(tenant.adminToken, { type: 'bearer' });
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(30);
      const dates = response.body.map((row: { date: string }) => row.date);
      expect([...dates].sort()).toEqual(dates);
      expect(response.body.at(-1)).toEqual({
        date: today,
        count: await metric(tenant.tenantId, 'token_issued'),
      });
      expect(response.body.at(-1).count).toBeGreaterThan(0);
    });

    it('Date range exceeding maximum is rejected', async () => {
      const response = await http
        .get('/api/analytics/tokens?days=91')
        .auth(tenant.adminToken, { type: 'bearer' });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(response.body)).toMatch(/maximum is 90 days/);
    });

    it('Tenant sees only their own data', async () => {
      const other = await stack.newTenant('Globex');
      const otherAgent = await http
        .post('/api/agents')
        .auth(other.adminToken, { type: 'bearer' })
        .send({ name: 'globex-bot' })
        .expect(201);
      for (let i = 0; i < 3; i += 1) {
        await http
          .post('/oauth2/token')
          .type('form')
          .send({
            grant_type: 'client_credentials',
            client_id: otherAgent.body.client_id,
            client_secret: otherAgent.body.client_secret,
          })
          .expect(200);
      }
      await stack.projectionsCaughtUp();
      const mine = await http
        .get('/api/analytics/tokens')
        .auth(tenant.adminToken, { type: 'bearer' });
      const theirs = await http
        .get('/api/analytics/tokens')
        .auth(other.adminToken, { type: 'bearer' });
      expect(theirs.body.at(-1)).toEqual({ date: today, count: 3 });
      expect(mine.body.at(-1)).toEqual({
        date: today,
        count: await metric(tenant.tenantId, 'token_issued'),
      });
      const usage = await http
        .get('/api/analytics/agents')
        .auth(tenant.adminToken, { type: 'bearer' });
      const body = JSON.stringify([mine.body, usage.body]);
      expect(body).not.toContain(otherAgent.body.agent_id);
      expect(body).not.toContain('globex-bot');
      const theirUsage = await http
        .get('/api/analytics/agents')
        .auth(other.adminToken, { type: 'bearer' });
      expect(theirUsage.body).toEqual([
        { agent_id: otherAgent.body.agent_id, name: 'globex-bot', token_count: 3 },
      ]);
    });
  });

  describe('Requirement: Tenant can retrieve agent activity heatmap data', () => {
    it('Successful activity heatmap retrieval', async () => {
      await stack.projectionsCaughtUp();
      const response = await http
        .get('/api/analytics/agents/activity')
        .auth(tenant.adminToken, { type: 'bearer' });
      expect(response.status).toBe(200);
      // 2026-11-25 is a Wednesday; every event so far happened at 12:00 UTC.
      const bucket = response.body.find(
        (row: { agent_id: string }) => row.agent_id === agent.agent_id,
      );
      expect(bucket).toMatchObject({ agent_id: agent.agent_id, dow: 3, hour: 12 });
      expect(bucket.count).toBeGreaterThan(1);
    });

    it('Tenant with no agents returns empty array', async () => {
      const empty = await stack.newTenant('Initech');
      await stack.projectionsCaughtUp();
      const response = await http
        .get('/api/analytics/agents/activity')
        .auth(empty.adminToken, { type: 'bearer' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([]);
    });
  });

  describe('Requirement: Tenant can retrieve a per-agent usage summary', () => {
    it('Successful per-agent summary', async () => {
      await stack.projectionsCaughtUp();
      const response = await http
        .get('/api/analytics/agents')
        .auth(tenant.adminToken, { type: 'bearer' });
      expect(response.status).toBe(200);
      const counts = response.body.map((row: { token_count: number }) => row.token_count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(response.body[0]).toEqual({
        agent_id: agent.agent_id,
        name: 'support-bot',
        token_count: await metric(tenant.tenantId, 'token_issued'),
      });
      expect(
        response.body.find((row: { name: string }) => row.name === 'billing-bot'),
      ).toMatchObject({ token_count: 0 });
    });

    it('Analytics endpoint requires authentication', async () => {
      for (const path of [
        '/api/analytics/tokens',
        '/api/analytics/agents/activity',
        '/api/analytics/agents',
      ]) {
        const anonymous = await http.get(path);
        expect(anonymous.status).toBe(401);
        const garbage = await http.get(path).auth('not.a.jwt', { type: 'bearer' });
        expect(garbage.status).toBe(401);
      }
    });
  });
});
