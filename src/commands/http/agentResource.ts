import type { AgentSnapshot } from '../agents/agentStream.js';

// The JSON shape of an agent in command responses; the revision doubles as the ETag.
export function agentResource({ agent, revision }: AgentSnapshot) {
  return {
    agent_id: agent.agentId,
    client_id: agent.clientId,
    name: agent.name,
    description: agent.description,
    scopes: agent.scopes,
    status: agent.status,
    quota: agent.quota,
    revision: Number(revision),
  };
}

export function etagOf(revision: bigint): string {
  return `"${revision}"`;
}
