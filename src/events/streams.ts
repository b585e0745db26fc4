// Stream names start with a type and the tenant so tenant-scoped reads can
// filter by prefix. Tenant and agent ids are UUIDs, so prefixes never collide.
export const streamNames = {
  tenant: (tenantId: string) => `tenant-${tenantId}`,
  agent: (tenantId: string, agentId: string) => `agent-${tenantId}.${agentId}`,
  tokens: (tenantId: string, agentId: string) => `tokens-${tenantId}.${agentId}`,
  adminTokens: (tenantId: string) => `tokens-${tenantId}.admin`,
  webhook: (tenantId: string, subscriptionId: string) => `webhooks-${tenantId}.${subscriptionId}`,
};

export function tenantStreamPrefixes(tenantId: string): string[] {
  return [
    `tenant-${tenantId}`,
    `agent-${tenantId}.`,
    `tokens-${tenantId}.`,
    `webhooks-${tenantId}.`,
  ];
}

export function agentStreamPrefixes(tenantId: string, agentId: string): string[] {
  return [streamNames.agent(tenantId, agentId), streamNames.tokens(tenantId, agentId)];
}
