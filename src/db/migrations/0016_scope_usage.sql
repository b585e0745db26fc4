-- Up Migration

-- Tokens issued per tenant, UTC day, agent and granted scope, kept by the
-- scopeUsage projection. A token counts once for each of its scopes; the row
-- with scope NULL counts every token of the agent that day, scopes or none,
-- so one table answers both the scope usage and an agent's daily trend.
-- NULLS NOT DISTINCT makes that one row per day, so the upsert stays a pure
-- fold of counts. Admin-client tokens (no agent) are not counted.
CREATE TABLE agent_scope_usage_daily (
  tenant_id uuid NOT NULL,
  date date NOT NULL,
  agent_id uuid NOT NULL,
  scope text,
  count bigint NOT NULL,
  CONSTRAINT agent_scope_usage_daily_key UNIQUE NULLS NOT DISTINCT (tenant_id, date, agent_id, scope)
);

-- One agent's days (its trend, its scopes) without scanning the tenant's.
CREATE INDEX agent_scope_usage_daily_agent
  ON agent_scope_usage_daily (tenant_id, agent_id, date) INCLUDE (scope, count);

SELECT protect_read_model('agent_scope_usage_daily');

-- Down Migration
DROP TABLE agent_scope_usage_daily;
