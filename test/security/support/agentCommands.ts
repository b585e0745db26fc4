// Commands on agents for the randomized tenant-isolation test: each acts
// through HTTP as the tenant's admin, checks the immediate answer, and records
// in the model what it changed.
import { expect } from '@jest/globals';
import {
  admin,
  now,
  pick,
  record,
  registerAgent,
  taggedName,
  type IsolationCommand,
  type Real,
} from './isolationActions.js';
import type { AgentModel, TenantModel, World } from './isolationModel.js';

export class RegisterAgent implements IsolationCommand {
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
export abstract class AgentCommand implements IsolationCommand {
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

export class RenameAgent extends AgentCommand {
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

export class RotateSecret extends AgentCommand {
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

export class DeactivateAgent extends AgentCommand {
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
