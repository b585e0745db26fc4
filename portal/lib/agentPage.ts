// The per-agent page's address, and the check of the id it is given.
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isAgentId(value: string | null | undefined): value is string {
  return typeof value === 'string' && uuid.test(value);
}

export function agentPagePath(agentId: string): string {
  return `/analytics/agents/${encodeURIComponent(agentId.toLowerCase())}`;
}
