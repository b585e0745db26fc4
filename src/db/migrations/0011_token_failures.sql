-- Up Migration

-- Failed token requests per tenant, UTC day, agent and recorded OAuth error
-- code, kept by the tokenFailures projection. agent_id is NULL for the tenant
-- admin client; NULLS NOT DISTINCT makes those one row per day and error, so
-- the upsert stays a pure fold of counts (ON CONFLICT needs a unique key).
CREATE TABLE token_failures_daily (
  tenant_id uuid NOT NULL,
  date date NOT NULL,
  agent_id uuid,
  reason text NOT NULL,
  count bigint NOT NULL,
  last_failure_at timestamptz NOT NULL,
  CONSTRAINT token_failures_daily_key UNIQUE NULLS NOT DISTINCT (tenant_id, date, reason, agent_id)
);

SELECT protect_read_model('token_failures_daily');

-- Down Migration
DROP TABLE token_failures_daily;
