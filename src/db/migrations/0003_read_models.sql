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

-- Down Migration
DROP TABLE parked_events;
DROP TABLE projection_checkpoints;
DROP TABLE agents;
DROP TABLE agent_monthly_tokens;
DROP TABLE agent_activity_hourly;
DROP TABLE analytics_events;
