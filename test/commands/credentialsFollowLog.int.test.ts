import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import request from 'supertest';
import { followUpSettler } from '../../src/app/startFollowUpSweep.js';
import { rotateTenantAdminSecret } from '../../src/commands/tenants/rotateTenantAdminSecret.js';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { startCommandApp, type CommandApp } from './support/commandApp.js';
import {
  failAfter,
  failBefore,
  gate,
  hangAfter,
  InterceptingEventStore,
  type Interceptor,
} from './support/interceptingEventStore.js';

// The credentials row follows the log: whatever races, fails or is killed
// between a command's append and its row write, tokens are handed out as the
// log says, and the row (status, scopes, which secret works) ends equal to
// the agent's stream folded once the worker's sweep has run.

interface Agent {
  agentId: string;
  clientId: string;
  /** Secrets handed out, by the revision of the event that gave them. */
  secrets: Map<number, string>;
}

interface Folded {
  active: boolean;
  scopes: string[];
  revision: number;
  secretRevision: number;
  secretEventId: string;
}

describe('credentials follow the event log', () => {
  let ctx: CommandApp;
  let store: InterceptingEventStore;
  let server: RunningServer;
  let tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
  const http = () => request(ctx.app.callback());
  const admin = () => `Bearer ${tenant.adminToken}`;

  beforeAll(async () => {
    ctx = await startCommandApp(
      { TOKEN_RATE_LIMIT_PER_MINUTE: '1000000', FAILED_AUTH_LIMIT_PER_MINUTE: '1000000' },
      { wrapEventStore: (inner) => (store = new InterceptingEventStore(inner)) },
    );
    server = await startHttpServer(ctx.app, {
      host: '127.0.0.1',
      port: 0,
      logger: ctx.runtime.logger,
    });
    tenant = await ctx.newTenant();
  });
  afterAll(async () => {
    await server.close(0);
    await ctx.close();
  });

  async function register(scopes: string[] = ['a:read']): Promise<Agent> {
    const response = await http()
      .post('/api/agents')
      .set('authorization', admin())
      .send({ name: 'Agent', scopes });
    expect(response.status).toBe(201);
    return {
      agentId: response.body.agent_id,
      clientId: response.body.client_id,
      secrets: new Map([[0, response.body.client_secret as string]]),
    };
  }

  function token(agent: Agent, secret: string) {
    return http()
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: agent.clientId, client_secret: secret });
  }

  it('keeps the pending row of a registration whose outcome is unknown, so the agent stays manageable', async () => {
    // Stored, but the answer is lost and the read-back fails: the store cannot say.
    store.intercept(failAfter);
    store.failNextRead();
    const name = `Unknown outcome ${Date.now()}`;
    const refused = await http().post('/api/agents').set('authorization', admin()).send({ name });
    expect(refused.status).toBe(503);
    const logged = (await ctx.allEvents()).filter(
      (event) => event.type === 'AgentRegistered' && event.data.name === name,
    );
    expect(logged).toHaveLength(1);
    const agentId = (logged[0]?.data as { agentId: string }).agentId;
    // The registration is in the log, so its client needs its row: a rotation works.
    const rotated = await http()
      .post(`/api/agents/${agentId}/rotate-secret`)
      .set('authorization', admin())
      .send({});
    expect(rotated.status).toBe(200);
    const agent = { agentId, clientId: rotated.body.client_id as string, secrets: new Map() };
    expect((await token(agent, rotated.body.client_secret as string)).status).toBe(200);
  });

  /** The agent's stream folded here, independently of the service's own fold. */
  async function fold(agent: Agent): Promise<Folded> {
    const { rows } = await ctx.runtime.pool.query<{
      id: string;
      type: string;
      data: { scopes?: string[] };
      revision: string;
    }>(
      `SELECT event_id::text AS id, event_type AS type, data, stream_revision::text AS revision
         FROM events WHERE stream_name = $1 ORDER BY stream_revision`,
      [`agent-${tenant.tenantId}.${agent.agentId}`],
    );
    const folded: Folded = {
      active: false,
      scopes: [],
      revision: -1,
      secretRevision: -1,
      secretEventId: '',
    };
    for (const row of rows) {
      folded.revision = Number(row.revision);
      if (row.type === 'AgentRegistered') folded.active = true;
      if (row.type === 'AgentDeactivated') folded.active = false;
      if (row.data.scopes !== undefined) folded.scopes = row.data.scopes;
      if (row.type === 'AgentRegistered' || row.type === 'AgentSecretRotated') {
        folded.secretRevision = folded.revision;
        folded.secretEventId = row.id;
      }
    }
    return folded;
  }

  async function row(agent: Agent) {
    const { rows } = await ctx.runtime.pool.query(
      `SELECT active, scopes, revision::int AS revision, secret_event_id::text AS secret_event_id
         FROM client_credentials WHERE client_id = $1`,
      [agent.clientId],
    );
    return rows[0];
  }

  /**
   * Token requests behave as the log says; once the worker's sweep has run,
   * the row equals the log folded and no follow-up record is left.
   */
  async function expectRowEqualsLog(agent: Agent): Promise<void> {
    const folded = await fold(agent);
    const working = folded.active ? agent.secrets.get(folded.secretRevision) : undefined;
    for (const secret of agent.secrets.values()) {
      const response = await token(agent, secret);
      expect({ secretWorks: response.status === 200 }).toEqual({
        secretWorks: secret === working,
      });
      if (response.status === 200) {
        expect(response.body.scope?.split(' ') ?? []).toEqual(folded.scopes);
      } else {
        expect(response.status).toBe(401);
      }
    }
    await followUpSettler(ctx.runtime)({ olderThanMs: 0 });
    const { rows: records } = await ctx.runtime.pool.query(
      'SELECT event_id FROM log_follow_ups WHERE row_key = $1',
      [agent.clientId],
    );
    expect(records).toEqual([]);
    expect(await row(agent)).toEqual({
      active: folded.active,
      scopes: folded.scopes,
      revision: folded.revision,
      secret_event_id: folded.secretEventId,
    });
  }

  it('refuses a reason with NUL with a 400 naming it, and changes nothing', async () => {
    const agent = await register();
    const before = await row(agent);
    const response = await http()
      .post(`/api/agents/${agent.agentId}/deactivate`)
      .set('authorization', admin())
      .send({ reason: 'x\u0000y' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    expect(await row(agent)).toEqual(before);
    expect((await token(agent, agent.secrets.get(0) as string)).status).toBe(200);
    await expectRowEqualsLog(agent);
  });

  it('leaves the agent active when the deactivation cannot be appended', async () => {
    const agent = await register();
    store.intercept(failBefore);
    const response = await http()
      .post(`/api/agents/${agent.agentId}/deactivate`)
      .set('authorization', admin())
      .send({ reason: 'leaked' });
    expect(response.status).toBe(503);
    expect((await fold(agent)).active).toBe(true);
    expect((await row(agent)).active).toBe(true);
    await expectRowEqualsLog(agent);
  });

  it('refuses tokens once a deactivation is in the log, even if its command was killed', async () => {
    const agent = await register();
    let killed = false;
    store.intercept(hangAfter(() => (killed = true)));
    void deactivateInBackground(agent);
    while (!killed) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await fold(agent)).active).toBe(false);
    expect((await row(agent)).active).toBe(true);
    expect((await token(agent, agent.secrets.get(0) as string)).status).toBe(401);
    await expectRowEqualsLog(agent);
  });

  function deactivateInBackground(agent: Agent) {
    return fetch(`${server.url}/api/agents/${agent.agentId}/deactivate`, {
      method: 'POST',
      headers: { authorization: admin(), 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(2000),
    }).catch(() => undefined);
  }

  it('keeps the scopes of the later update when two updates write their rows out of order', async () => {
    const agent = await register(['a:read', 'b:write']);
    const first = gate('after');
    store.intercept(first.interceptor);
    const revoking = http()
      .patch(`/api/agents/${agent.agentId}`)
      .set('authorization', admin())
      .send({ scopes: ['a:read'] })
      .then((response) => response);
    await first.reached;
    const granting = await http()
      .patch(`/api/agents/${agent.agentId}`)
      .set('authorization', admin())
      .send({ scopes: ['a:read', 'b:write', 'c:admin'] });
    expect(granting.status).toBe(200);
    first.release();
    expect((await revoking).status).toBe(200);
    expect((await fold(agent)).scopes).toEqual(['a:read', 'b:write', 'c:admin']);
    await expectRowEqualsLog(agent);
  });

  it('makes the secret of the last rotation in the log the one that works', async () => {
    const agent = await register();
    const held = gate('before');
    store.intercept(held.interceptor);
    const later = http()
      .post(`/api/agents/${agent.agentId}/rotate-secret`)
      .set('authorization', admin())
      .then((response) => response);
    await held.reached;
    const earlier = await http()
      .post(`/api/agents/${agent.agentId}/rotate-secret`)
      .set('authorization', admin());
    held.release();
    const last = await later;
    for (const response of [earlier, last]) {
      expect(response.status).toBe(200);
      agent.secrets.set(response.body.revision, response.body.client_secret);
    }
    expect(last.body.revision).toBe(2);
    expect((await token(agent, last.body.client_secret)).status).toBe(200);
    expect((await token(agent, earlier.body.client_secret)).status).toBe(401);
    await expectRowEqualsLog(agent);
  });

  it('makes the last admin secret rotation in the log the one that works for the tenant admin', async () => {
    const origin = { actor: { type: 'cli' as const, id: 'ops' } };
    const rotate = () =>
      rotateTenantAdminSecret(ctx.runtime, { tenantId: tenant.tenantId, origin });
    const held = gate('before');
    store.intercept(held.interceptor);
    const later = rotate();
    await held.reached;
    const earlier = await rotate();
    held.release();
    const last = await later;
    const adminToken = (secret: string) =>
      http().post('/oauth2/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: tenant.adminClientId,
        client_secret: secret,
      });
    expect((await adminToken(last.adminClientSecret)).status).toBe(200);
    expect((await adminToken(earlier.adminClientSecret)).status).toBe(401);
    const { rows } = await ctx.runtime.pool.query(
      `SELECT (SELECT stream_revision::int FROM events WHERE event_id = c.secret_event_id) AS secret_at,
              revision::int AS revision,
              (SELECT max(stream_revision)::int FROM events WHERE stream_name = $2) AS head
         FROM client_credentials c WHERE client_id = $1`,
      [tenant.adminClientId, `tenant-${tenant.tenantId}`],
    );
    expect(rows[0]).toEqual({ secret_at: rows[0].head, revision: rows[0].head, head: 3 });
  });

  it('equals the folded log after racing, failing and killed commands', async () => {
    const scopeSets = [[], ['a:read'], ['a:read', 'b:write'], ['b:write', 'c:admin']];
    const command = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...scopeSets).map((scopes) => ({ scopes })) },
      { weight: 3, arbitrary: fc.constant({ rotate: true as const }) },
      { weight: 1, arbitrary: fc.constant({ deactivate: true as const }) },
    );
    const fault = fc.constantFrom('none', 'none', 'failBefore', 'failAfter', 'hangAfter');
    const batch = fc.array(fc.tuple(fc.nat(1), command, fault), { minLength: 1, maxLength: 4 });
    const runs = { numRuns: 12, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) };
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 4 }), async (batches) => {
        const agents = [await register(['a:read']), await register(['b:write'])];
        for (const commands of batches) {
          let hung = 0;
          let settled = 0;
          const abort = new AbortController();
          store.intercept(...commands.map(([, , name]) => interceptor(name, () => (hung += 1))));
          const sent = commands.map(async ([which, body]) => {
            const agent = agents[which] as Agent;
            const response = await send(agent, body, abort.signal);
            settled += 1;
            if (!response) return;
            expect([200, 409, 503]).toContain(response.status);
            if (response.status === 200 && 'rotate' in body) {
              const answer = (await response.json()) as { revision: number; client_secret: string };
              agent.secrets.set(answer.revision, answer.client_secret);
            }
          });
          // A killed command never answers: stop waiting once the others have.
          while (settled + hung < commands.length) {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          abort.abort();
          await Promise.all(sent);
          store.clear();
        }
        for (const agent of agents) await expectRowEqualsLog(agent);
      }),
      runs,
    );
  });

  function interceptor(name: string, onHang: () => void): Interceptor {
    if (name === 'failBefore') return failBefore;
    if (name === 'failAfter') return failAfter;
    if (name === 'hangAfter') return hangAfter(onHang);
    return (append) => append();
  }

  function send(
    agent: Agent,
    body: { scopes: string[] } | { rotate: true } | { deactivate: true },
    signal: AbortSignal,
  ): Promise<Response | undefined> {
    const path =
      'rotate' in body ? 'rotate-secret' : 'deactivate' in body ? 'deactivate' : undefined;
    return fetch(`${server.url}/api/agents/${agent.agentId}${path ? `/${path}` : ''}`, {
      method: path ? 'POST' : 'PATCH',
      headers: { authorization: admin(), 'content-type': 'application/json' },
      body: path ? '{}' : JSON.stringify(body),
      signal,
    }).catch((error: unknown) => {
      if ((error as Error).name === 'AbortError') return undefined;
      throw error;
    });
  }
});
