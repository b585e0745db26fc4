// The operations of the randomized tenant-isolation test as fast-check model
// commands: each one acts through HTTP as one tenant's admin (or agent),
// checks the immediate answer, and records in the model what it changed.
import { expect } from '@jest/globals';
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import type request from 'supertest';
import type { FullStackApp } from '../../support/fullStackApp.js';
import { foreignDataIn, markersOf } from './foreignData.js';
import type { AgentModel, ModelEventType, TenantModel, World } from './isolationModel.js';

export interface Real {
  stack: FullStackApp;
  http: ReturnType<typeof request>;
}

type IsolationCommand = fc.AsyncCommand<World, Real>;

const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];

const now = (real: Real): Date => real.stack.clock.now();

function record(tenant: TenantModel, type: ModelEventType, agentId: string | null, at: Date): void {
  tenant.events.push({ type, agentId, at });
}

/**
 * Random text with quotes, backslashes and non-ASCII, made unique by a tag of
 * the tenant (its label and the start of its id) and a counter.
 */
function taggedName(tenant: TenantModel, text: string): string {
  tenant.namesGiven += 1;
  return `${text} [${tenant.label}${tenant.tenantId.slice(0, 8)}-${tenant.namesGiven}]`.trim();
}

export const nameText = fc.string({
  unit: fc.constantFrom(
    ...'abcdefghijklmnopqrstuvwxyz  -'.split(''),
    'é',
    'ß',
    '日',
    '"',
    '\\',
    "'",
    '%',
    '<',
    '&',
    '🤖',
  ),
  minLength: 1,
  maxLength: 20,
});
export const scopeList = fc.subarray(['analytics:read', 'tickets:read', 'tickets:write']);

const admin = (tenant: TenantModel) => ({ Authorization: `Bearer ${tenant.adminToken}` });

export async function requestToken(
  real: Real,
  clientId: string,
  secret: string,
  basic: boolean,
): Promise<request.Response> {
  const call = real.http.post('/oauth2/token').type('form');
  return basic
    ? call
        .auth(encodeURIComponent(clientId), encodeURIComponent(secret))
        .send({ grant_type: 'client_credentials' })
    : call.send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
}

/** Admin tokens live an hour by the service's clock: take a new one when the clock has moved on. */
async function refreshAdminToken(real: Real, tenant: TenantModel): Promise<void> {
  const at = now(real);
  if (at.getTime() - tenant.adminTokenAt.getTime() < 30 * 60_000) return;
  const response = await requestToken(real, tenant.adminClientId, tenant.adminSecret, true);
  expect(response.status).toBe(200);
  tenant.adminToken = response.body.access_token;
  tenant.adminTokenAt = at;
  tenant.jtis.push(decodeJwt(tenant.adminToken).jti as string);
  record(tenant, 'TokenIssued', null, at);
}

export async function registerAgent(
  real: Real,
  tenant: TenantModel,
  text: string,
  scopes: string[],
): Promise<AgentModel> {
  const name = taggedName(tenant, text);
  const response = await real.http.post('/api/agents').set(admin(tenant)).send({ name, scopes });
  expect([response.status, response.body]).toEqual([201, expect.objectContaining({ name })]);
  const at = now(real);
  const agent: AgentModel = {
    agentId: response.body.agent_id,
    clientId: response.body.client_id,
    name,
    names: [name],
    scopes,
    secret: response.body.client_secret,
    oldSecrets: [],
    failedSecrets: 0,
    status: 'active',
    registeredAt: at,
    updatedAt: at,
    deactivatedAt: null,
  };
  tenant.agents.push(agent);
  record(tenant, 'AgentRegistered', agent.agentId, at);
  return agent;
}

class RegisterAgent implements IsolationCommand {
  constructor(
    readonly tenant: number,
    readonly text: string,
    readonly scopes: string[],
  ) {}
  check = () => true;
  async run(world: World, real: Real) {
    await registerAgent(real, pick(world.tenants, this.tenant)!, this.text, this.scopes);
  }
  toString = () => `register(t${this.tenant}, ${JSON.stringify(this.text)}, [${this.scopes}])`;
}

/** Commands on one of the tenant's own agents. */
abstract class AgentCommand implements IsolationCommand {
  constructor(
    readonly tenant: number,
    readonly agent: number,
  ) {}
  check(world: Readonly<World>): boolean {
    return (pick(world.tenants, this.tenant)?.agents.length ?? 0) > 0;
  }
  protected target(world: World): { tenant: TenantModel; agent: AgentModel } {
    const tenant = pick(world.tenants, this.tenant)!;
    return { tenant, agent: pick(tenant.agents, this.agent)! };
  }
  abstract run(world: World, real: Real): Promise<void>;
}

class RenameAgent extends AgentCommand {
  constructor(
    tenant: number,
    agent: number,
    readonly text: string,
    readonly sameName: boolean,
  ) {
    super(tenant, agent);
  }
  async run(world: World, real: Real) {
    const { tenant, agent } = this.target(world);
    const name = this.sameName ? agent.name : taggedName(tenant, this.text);
    const response = await real.http
      .patch(`/api/agents/${agent.agentId}`)
      .set(admin(tenant))
      .send({ name });
    if (agent.status === 'deactivated') {
      expect(response.status).toBe(409);
      return;
    }
    expect([response.status, response.body.name]).toEqual([200, name]);
    if (name === agent.name) return;
    const at = now(real);
    Object.assign(agent, { name, updatedAt: at });
    agent.names.push(name);
    record(tenant, 'AgentUpdated', agent.agentId, at);
  }
  override toString = () =>
    `rename(t${this.tenant}, a${this.agent}, ${this.sameName ? 'same name' : JSON.stringify(this.text)})`;
}

class RotateSecret extends AgentCommand {
  async run(world: World, real: Real) {
    const { tenant, agent } = this.target(world);
    const response = await real.http
      .post(`/api/agents/${agent.agentId}/rotate-secret`)
      .set(admin(tenant))
      .send({});
    if (agent.status === 'deactivated') {
      expect(response.status).toBe(409);
      return;
    }
    expect([response.status, response.body.client_id]).toEqual([200, agent.clientId]);
    const at = now(real);
    agent.oldSecrets.push(agent.secret);
    agent.secret = response.body.client_secret;
    agent.updatedAt = at;
    record(tenant, 'AgentSecretRotated', agent.agentId, at);
  }
  override toString = () => `rotate(t${this.tenant}, a${this.agent})`;
}

class DeactivateAgent extends AgentCommand {
  constructor(
    tenant: number,
    agent: number,
    readonly viaDelete: boolean,
  ) {
    super(tenant, agent);
  }
  async run(world: World, real: Real) {
    const { tenant, agent } = this.target(world);
    const response = this.viaDelete
      ? await real.http.delete(`/api/agents/${agent.agentId}`).set(admin(tenant))
      : await real.http
          .post(`/api/agents/${agent.agentId}/deactivate`)
          .set(admin(tenant))
          .send({ reason: 'randomized isolation run' });
    expect(response.status).toBe(this.viaDelete ? 204 : 200);
    if (agent.status === 'deactivated') return;
    const at = now(real);
    Object.assign(agent, { status: 'deactivated', updatedAt: at, deactivatedAt: at });
    record(tenant, 'AgentDeactivated', agent.agentId, at);
  }
  override toString = () =>
    `deactivate(t${this.tenant}, a${this.agent}, ${this.viaDelete ? 'DELETE' : 'POST'})`;
}

/** One token request by an agent, with its current secret or a rotated-out one. */
async function agentTokenRequest(
  real: Real,
  tenant: TenantModel,
  agent: AgentModel,
  options: { oldSecret: boolean; basic: boolean },
): Promise<void> {
  const secret = options.oldSecret ? agent.oldSecrets.at(-1)! : agent.secret;
  const response = await requestToken(real, agent.clientId, secret, options.basic);
  const at = now(real);
  if (options.oldSecret || agent.status === 'deactivated') {
    expect([response.status, response.body.error]).toEqual([401, 'invalid_client']);
    if (options.oldSecret) agent.failedSecrets += 1;
    record(tenant, 'TokenRequestRejected', agent.agentId, at);
    return;
  }
  expect(response.status).toBe(200);
  const claims = decodeJwt(response.body.access_token);
  expect([claims.tenant_id, claims.sub, claims.client_id]).toEqual([
    tenant.tenantId,
    agent.agentId,
    agent.clientId,
  ]);
  tenant.jtis.push(claims.jti as string);
  record(tenant, 'TokenIssued', agent.agentId, at);
}

class RequestTokens extends AgentCommand {
  constructor(
    tenant: number,
    agent: number,
    readonly times: number,
    readonly oldSecret: boolean,
    readonly basic: boolean,
  ) {
    super(tenant, agent);
  }
  override check(world: Readonly<World>): boolean {
    if (!super.check(world)) return false;
    if (!this.oldSecret) return true;
    // Stay below the failed-secret limit: a 429 is another test's subject.
    const { agent } = this.target(world as World);
    return agent.oldSecrets.length > 0 && agent.failedSecrets + this.times <= 5;
  }
  async run(world: World, real: Real) {
    const { tenant, agent } = this.target(world);
    for (let i = 0; i < this.times; i += 1) {
      await agentTokenRequest(real, tenant, agent, {
        oldSecret: this.oldSecret,
        basic: this.basic,
      });
    }
  }
  override toString = () =>
    `tokens(t${this.tenant}, a${this.agent}, x${this.times}${this.oldSecret ? ', old secret' : ''}${this.basic ? ', basic' : ''})`;
}

/** Every tenant's agents ask for tokens at the same moment, so projection batches mix tenants. */
class ConcurrentTokens implements IsolationCommand {
  constructor(readonly agents: number[]) {}
  check = (world: Readonly<World>) => world.tenants.some((t) => t.agents.length > 0);
  async run(world: World, real: Real) {
    await Promise.all(
      world.tenants.map(async (tenant, index) => {
        const agent = pick(tenant.agents, this.agents[index % this.agents.length]!);
        if (agent) await agentTokenRequest(real, tenant, agent, { oldSecret: false, basic: false });
      }),
    );
  }
  toString = () => `concurrentTokens([${this.agents}])`;
}

const foreignOperations = ['get', 'rename', 'rotate', 'delete', 'deactivate'] as const;

/** A tenant admin aims a read or a command at another tenant's agent: 404, and nothing changes. */
class TouchForeignAgent implements IsolationCommand {
  constructor(
    readonly attacker: number,
    readonly victimOffset: number,
    readonly agent: number,
    readonly operation: (typeof foreignOperations)[number],
  ) {}
  private parties(world: Readonly<World>) {
    const count = world.tenants.length;
    const attackerIndex = this.attacker % count;
    const attacker = world.tenants[attackerIndex]!;
    const victim = world.tenants[(attackerIndex + 1 + (this.victimOffset % (count - 1))) % count]!;
    return { attacker, victim, agent: pick(victim.agents, this.agent) };
  }
  check = (world: Readonly<World>) => this.parties(world).agent !== undefined;
  async run(world: World, real: Real) {
    const { attacker, victim, agent } = this.parties(world);
    const path = `/api/agents/${agent!.agentId}`;
    const before = await storedState(real);
    const refusedName = taggedName(attacker, 'hijacked');
    world.refusedNames.push(refusedName);
    const auth = admin(attacker);
    const response = await {
      get: () => real.http.get(path).set(auth),
      rename: () => real.http.patch(path).set(auth).send({ name: refusedName }),
      rotate: () => real.http.post(`${path}/rotate-secret`).set(auth).send({}),
      delete: () => real.http.delete(path).set(auth),
      deactivate: () => real.http.post(`${path}/deactivate`).set(auth).send({}),
    }[this.operation]();
    expect([this.operation, response.status]).toEqual([this.operation, 404]);
    expect(response.body.client_secret).toBeUndefined();
    const suffix = { rotate: '/rotate-secret', deactivate: '/deactivate' } as Record<
      string,
      string
    >;
    const requested = `${path}${suffix[this.operation] ?? ''}`;
    expect(foreignDataIn(response, markersOf(victim), requested)).toEqual([]);
    expect(await storedState(real)).toEqual(before);
  }
  toString = () =>
    `touchForeign(t${this.attacker} -> +${this.victimOffset}, a${this.agent}, ${this.operation})`;
}

/** Everything a command could change: the event log and the credentials. */
async function storedState(real: Real): Promise<unknown> {
  const { rows } = await real.stack.runtime.pool.query(
    `SELECT (SELECT count(*) FROM events)::int AS events,
            (SELECT md5(string_agg(client_id || encode(secret_hash, 'hex') || active::text
                                   || updated_at::text, ',' ORDER BY client_id))
               FROM client_credentials) AS credentials`,
  );
  return rows[0];
}

class AdvanceClock implements IsolationCommand {
  constructor(readonly minutes: number) {}
  check = () => true;
  async run(world: World, real: Real) {
    real.stack.clock.set(new Date(now(real).getTime() + this.minutes * 60_000));
    for (const tenant of world.tenants) await refreshAdminToken(real, tenant);
  }
  toString = () => `advanceClock(${this.minutes} min)`;
}

const tenantPick = fc.nat();
const agentPick = fc.nat();

/**
 * A random sequence of commands for `fc.asyncModelRun`. Commands whose
 * `check` fails on the model at their turn (no agent yet, no rotated secret)
 * are skipped.
 */
export function isolationCommands(length: { minLength: number; maxLength: number }) {
  const register = fc
    .tuple(tenantPick, nameText, scopeList)
    .map(([t, text, scopes]) => new RegisterAgent(t, text, scopes));
  const rename = fc
    .tuple(tenantPick, agentPick, nameText, fc.boolean())
    .map(([t, a, text, same]) => new RenameAgent(t, a, text, same));
  const rotate = fc.tuple(tenantPick, agentPick).map(([t, a]) => new RotateSecret(t, a));
  const deactivate = fc
    .tuple(tenantPick, agentPick, fc.boolean())
    .map(([t, a, viaDelete]) => new DeactivateAgent(t, a, viaDelete));
  const tokens = fc
    .tuple(tenantPick, agentPick, fc.integer({ min: 1, max: 3 }), fc.boolean())
    .map(([t, a, times, basic]) => new RequestTokens(t, a, times, false, basic));
  const oldSecretTokens = fc
    .tuple(tenantPick, agentPick, fc.boolean())
    .map(([t, a, basic]) => new RequestTokens(t, a, 1, true, basic));
  const concurrent = fc
    .array(agentPick, { minLength: 1, maxLength: 4 })
    .map((agents) => new ConcurrentTokens(agents));
  const foreign = fc
    .tuple(tenantPick, fc.nat(), agentPick, fc.constantFrom(...foreignOperations))
    .map(([t, v, a, operation]) => new TouchForeignAgent(t, v, a, operation));
  const clock = fc.integer({ min: 1, max: 720 }).map((minutes) => new AdvanceClock(minutes));
  const command: fc.Arbitrary<IsolationCommand> = fc.oneof(
    { arbitrary: register, weight: 4 },
    { arbitrary: rename, weight: 2 },
    { arbitrary: rotate, weight: 2 },
    { arbitrary: deactivate, weight: 2 },
    { arbitrary: tokens, weight: 6 },
    { arbitrary: oldSecretTokens, weight: 2 },
    { arbitrary: concurrent, weight: 2 },
    { arbitrary: foreign, weight: 4 },
    { arbitrary: clock, weight: 2 },
  );
  return fc.array(command, length);
}
