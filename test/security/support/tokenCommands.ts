// Token requests by agents for the randomized tenant-isolation test.
import { expect } from '@jest/globals';
import { decodeJwt } from 'jose';
import { AgentCommand } from './agentCommands.js';
import {
  now,
  pick,
  record,
  requestToken,
  type IsolationCommand,
  type Real,
} from './isolationActions.js';
import type { AgentModel, TenantModel, World } from './isolationModel.js';

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

export class RequestTokens extends AgentCommand {
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
export class ConcurrentTokens implements IsolationCommand {
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
