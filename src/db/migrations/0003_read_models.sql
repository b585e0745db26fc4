-- Up Migration

-- Read models maintained only by projections (src/projections). All keyed by
-- tenant, bucketed by the event's occurred-at in UTC.
CREATE TABLE analytics_events (
  tenant_id uuid NOT NULL,
  date date NOT NULL,
  metric_type text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (tenant_id, metric_type, date)
);

CREATE TABLE agent_activity_hourly (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  hour timestamptz NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (tenant_id, hour, agent_id)
);

CREATE TABLE agent_monthly_tokens (
  tenant_id uuid NOT NULL,
  month date NOT NULL,
  agent_id uuid NOT NULL,
  token_count bigint NOT NULL,
  PRIMARY KEY (tenant_id, month, agent_id)
);

CREATE TABLE agents (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  client_id text NOT NULL,
  name text NOT NULL,
  description text,
  scopes text[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('active', 'deactivated')),
  registered_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deactivated_at timestamptz,
  PRIMARY KEY (tenant_id, agent_id)
);

CREATE TABLE projection_checkpoints (
  projection text PRIMARY KEY,
  commit_position bigint NOT NULL,
  prepare_position bigint NOT NULL,
  events_processed bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE parked_events (
  projection text NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  stream_name text NOT NULL,
  commit_position bigint NOT NULL,
  prepare_position bigint NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  parked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, event_id)
);

-- Second wall of tenant isolation: queries run as analytics_reader with
-- app.tenant_id set per transaction; without it they see no rows at all.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'analytics_reader') THEN
    CREATE ROLE analytics_reader NOLOGIN;
  END IF;
END
$$;

CREATE FUNCTION current_tenant_id() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION protect_read_model(p_table regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = current_tenant_id())', p_table);
  EXECUTE format('GRANT SELECT ON %s TO analytics_reader', p_table);
END
$$;

SELECT protect_read_model('analytics_events');
SELECT protect_read_model('agent_activity_hourly');
SELECT protect_read_model('agent_monthly_tokens');
SELECT protect_read_model('agents');

-- Down Migration
DROP FUNCTION protect_read_model;
DROP FUNCTION current_tenant_id;
DROP TABLE parked_events;
DROP TABLE projection_checkpoints;
DROP TABLE agents;
DROP TABLE agent_monthly_tokens;
DROP TABLE agent_activity_hourly;
DROP TABLE analytics_events;
