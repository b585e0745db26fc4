import { registerAgent } from '../../../src/commands/agents/registerAgent.js';
import type { CommandDeps } from '../../../src/commands/commandDeps.js';
import { createTenant } from '../../../src/commands/tenants/createTenant.js';
import type { HttpClient } from '../../lib/httpClient.js';

// The token benchmark's callers: a few tenants with many agents each, made
// through the real commands; every client takes its agents in turn, so
// concurrent requests mostly come from different agents of the same tenants.

export interface BenchAgent {
  tenantId: string;
  agentId: string;
  clientId: string;
  authorization: string;
}

export async function createTokenAgents(
  deps: CommandDeps,
  sizes: { tenants: number; agentsPerTenant: number },
): Promise<BenchAgent[]> {
  const origin = { actor: { type: 'cli', id: 'bench' } as const, correlationId: 'bench-setup' };
  const agents: BenchAgent[] = [];
  for (let t = 0; t < sizes.tenants; t += 1) {
    const tenant = await createTenant(deps, { name: `Bench tenant ${t + 1}`, origin });
    for (let a = 0; a < sizes.agentsPerTenant; a += 1) {
      const agent = await registerAgent(deps, {
        tenantId: tenant.tenantId,
        name: `agent ${a + 1}`,
        scopes: ['analytics:read'],
        origin,
      });
      agents.push({
        tenantId: tenant.tenantId,
        agentId: agent.agent.agentId,
        clientId: agent.agent.clientId,
        authorization: `Basic ${Buffer.from(`${agent.agent.clientId}:${agent.clientSecret}`).toString('base64')}`,
      });
    }
  }
  return agents;
}

const tokenRequestBody = 'grant_type=client_credentials';

/** One client_credentials grant; throws unless a token came back. */
export async function requestToken(client: HttpClient, agent: BenchAgent): Promise<void> {
  const response = await client.request('POST', '/oauth2/token', {
    headers: {
      authorization: agent.authorization,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: tokenRequestBody,
  });
  if (response.status !== 200 || !response.body.includes('"access_token"')) {
    throw new Error(`token request failed: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  }
}

/** Client `worker` of `clients` takes agents worker, worker + clients, ... in turn. */
export function agentPicker(
  agents: readonly BenchAgent[],
  clients: number,
): (worker: number) => BenchAgent {
  const turns = new Array<number>(clients).fill(0);
  return (worker) => {
    const turn = turns[worker] ?? 0;
    turns[worker] = turn + 1;
    return agents[(worker + turn * clients) % agents.length] as BenchAgent;
  };
}
