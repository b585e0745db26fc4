// The agents read table as the API shows it.
export interface AgentView {
  agent_id: string;
  client_id: string;
  name: string;
  description: string | null;
  scopes: string[];
  status: 'active' | 'deactivated';
  registered_at: string;
  updated_at: string;
  deactivated_at: string | null;
}

export const agentColumns = `
  agent_id::text AS agent_id, client_id, name, description, scopes, status,
  registered_at, updated_at, deactivated_at`;

export interface AgentRow extends Omit<
  AgentView,
  'registered_at' | 'updated_at' | 'deactivated_at'
> {
  registered_at: Date;
  updated_at: Date;
  deactivated_at: Date | null;
}

export function toAgentView(row: AgentRow): AgentView {
  return {
    agent_id: row.agent_id,
    client_id: row.client_id,
    name: row.name,
    description: row.description,
    scopes: row.scopes,
    status: row.status,
    registered_at: row.registered_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deactivated_at: row.deactivated_at?.toISOString() ?? null,
  };
}
