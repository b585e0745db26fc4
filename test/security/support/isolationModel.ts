// An independent model of what each tenant owns, kept by the randomized
// isolation test while it drives the API, and the answers every query
// endpoint should give for it. Nothing here reads the service's code.

export type ModelEventType =
  | 'TenantCreated'
  | 'TenantAdminClientIssued'
  | 'AgentRegistered'
  | 'AgentUpdated'
  | 'AgentSecretRotated'
  | 'AgentDeactivated'
  | 'TokenIssued'
  | 'TokenRequestRejected';

export interface ModelEvent {
  type: ModelEventType;
  /** null for tenant events and the admin client's tokens. */
  agentId: string | null;
  at: Date;
}

export interface AgentModel {
  agentId: string;
  clientId: string;
  name: string;
  /** Every name the agent ever had: all of them are in its tenant's audit log. */
  names: string[];
  scopes: string[];
  secret: string;
  oldSecrets: string[];
  failedSecrets: number;
  status: 'active' | 'deactivated';
  registeredAt: Date;
  updatedAt: Date;
  deactivatedAt: Date | null;
}

export interface TenantModel {
  /** A, B, C, ...: starts the tag every name this tenant gives carries. */
  label: string;
  tenantId: string;
  name: string;
  adminClientId: string;
  adminSecret: string;
  adminToken: string;
  adminTokenAt: Date;
  /** In registration order. */
  agents: AgentModel[];
  /** In append order. */
  events: ModelEvent[];
  /** Ids of every access token issued to this tenant's clients. */
  jtis: string[];
  namesGiven: number;
}

export interface World {
  tenants: TenantModel[];
  /** Tenants of earlier runs on the same database: their data must not show either. */
  bystanders: TenantModel[];
  /** Names sent with requests that must have changed nothing: no answer may ever show them. */
  refusedNames: string[];
}

const dayMs = 86_400_000;

function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function startOfDay(instant: Date): number {
  return Math.floor(instant.getTime() / dayMs) * dayMs;
}

function agentTokenTimes(tenant: TenantModel, agentId?: string): Date[] {
  return tenant.events
    .filter((e) => e.type === 'TokenIssued' && e.agentId !== null)
    .filter((e) => agentId === undefined || e.agentId === agentId)
    .map((e) => e.at);
}

export function agentView(agent: AgentModel) {
  return {
    agent_id: agent.agentId,
    client_id: agent.clientId,
    name: agent.name,
    description: null,
    scopes: agent.scopes,
    status: agent.status,
    registered_at: agent.registeredAt.toISOString(),
    updated_at: agent.updatedAt.toISOString(),
    deactivated_at: agent.deactivatedAt?.toISOString() ?? null,
    // The random operations set no quotas (agentQuotas.int.test.ts covers them).
    quota: null,
  };
}

/** `GET /api/agents`: newest registration first, ties by agent id descending. */
export function expectedAgents(tenant: TenantModel, status?: 'active' | 'deactivated') {
  return tenant.agents
    .filter((agent) => status === undefined || agent.status === status)
    .sort(
      (a, b) =>
        b.registeredAt.getTime() - a.registeredAt.getTime() ||
        (a.agentId < b.agentId ? 1 : a.agentId > b.agentId ? -1 : 0),
    )
    .map(agentView);
}

/** `GET /api/analytics/tokens?days=N`: agent tokens per UTC day, oldest first, ending today. */
export function expectedTokenTrend(tenant: TenantModel, now: Date, days: number) {
  const today = startOfDay(now);
  const times = agentTokenTimes(tenant);
  return Array.from({ length: days }, (_, index) => {
    const day = today - (days - 1 - index) * dayMs;
    return {
      date: isoDate(new Date(day)),
      count: times.filter((t) => startOfDay(t) === day).length,
    };
  });
}

/** `GET /api/analytics/agents`, ordered by agent id (the endpoint's own order is checked apart). */
export function expectedUsage(tenant: TenantModel, now: Date) {
  const month = now.toISOString().slice(0, 7);
  return tenant.agents
    .map((agent) => ({
      agent_id: agent.agentId,
      name: agent.name,
      token_count: agentTokenTimes(tenant, agent.agentId).filter(
        (t) => t.toISOString().slice(0, 7) === month,
      ).length,
    }))
    .sort((a, b) => (a.agent_id < b.agent_id ? -1 : 1));
}

/** `GET /api/analytics/agents/activity`: every agent event of the last 30 UTC days by weekday and hour. */
export function expectedHeatmap(tenant: TenantModel, now: Date, agentId?: string) {
  const end = startOfDay(now) + dayMs;
  const start = end - 30 * dayMs;
  const buckets = new Map<string, { agent_id: string; dow: number; hour: number; count: number }>();
  for (const event of tenant.events) {
    if (event.agentId === null) continue;
    if (agentId !== undefined && event.agentId !== agentId) continue;
    const at = event.at.getTime();
    if (at < start || at >= end) continue;
    const dow = event.at.getUTCDay();
    const hour = event.at.getUTCHours();
    const key = `${event.agentId}|${dow}|${String(hour).padStart(2, '0')}`;
    const bucket = buckets.get(key) ?? { agent_id: event.agentId, dow, hour, count: 0 };
    bucket.count += 1;
    buckets.set(key, bucket);
  }
  return [...buckets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, bucket]) => bucket);
}

export interface AuditFilter {
  agentId?: string;
  type?: string;
  from?: Date;
  to?: Date;
}

/** `GET /api/audit/events` as `[type, agent id, occurred_at]`, newest first. */
export function expectedAudit(tenant: TenantModel, filter: AuditFilter = {}) {
  return tenant.events
    .filter(
      (e) =>
        (filter.agentId === undefined || e.agentId === filter.agentId) &&
        (filter.type === undefined || e.type === filter.type) &&
        (filter.from === undefined || e.at >= filter.from) &&
        (filter.to === undefined || e.at < filter.to),
    )
    .map((e) => [e.type, e.agentId, e.at.toISOString()] as const)
    .reverse();
}
