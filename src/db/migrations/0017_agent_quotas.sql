-- Up Migration

-- An agent's token quota (AgentQuotaSet / AgentQuotaRemoved on its stream).
-- The credentials row follows the agent's stream, so the token endpoint reads
-- the quota with the credentials it looks up anyway; NULL: no quota. Rows
-- from before this migration need nothing: no quota event existed then.
ALTER TABLE client_credentials
  ADD COLUMN quota_limit bigint,
  ADD COLUMN quota_period text CHECK (quota_period IN ('hour', 'day', 'month')),
  ADD COLUMN quota_mode text CHECK (quota_mode IN ('monitor', 'enforce'));

-- The agents read model shows the quota too (agents projection).
ALTER TABLE agents
  ADD COLUMN quota_limit bigint,
  ADD COLUMN quota_period text,
  ADD COLUMN quota_mode text;

-- Tokens issued per agent and UTC hour, kept by the agentTokenHours
-- projection: the use of a quota's current hour, day or month is a sum of
-- these rows, and a lost Redis counter is rebuilt from them.
CREATE TABLE agent_token_hours (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  hour timestamptz NOT NULL,
  tokens bigint NOT NULL,
  PRIMARY KEY (tenant_id, agent_id, hour)
);

SELECT protect_read_model('agent_token_hours');

-- Down Migration
DROP TABLE agent_token_hours;
ALTER TABLE agents DROP COLUMN quota_limit, DROP COLUMN quota_period, DROP COLUMN quota_mode;
ALTER TABLE client_credentials
  DROP COLUMN quota_limit, DROP COLUMN quota_period, DROP COLUMN quota_mode;
