/** An agent's usage row, named by its tenant and id. */
export function usageKey(tenantId: string, agentId: string): string {
  return `${tenantId}|${agentId}`;
}
