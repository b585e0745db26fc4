-- Up Migration

-- Per agent and UTC hour, kept by the agentAnomalies projection: the tokens
-- issued and the token requests rejected in that hour, and the anomalies found
-- once the hour closed (a JSON array, empty when the hour was normal). Rows
-- with both counts 0 exist only for a `drop` (a silent hour). The counts are a
-- fold of the log; the findings are a pure function of the counts of the same
-- hour of the week over the previous weeks (src/readModels/agentAnomalies/).
CREATE TABLE agent_anomalies_hourly (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  hour timestamptz NOT NULL,
  issued integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  findings jsonb NOT NULL DEFAULT '[]',
  CONSTRAINT agent_anomalies_hourly_pkey PRIMARY KEY (tenant_id, agent_id, hour)
);

-- The tenant's latest hour (its log clock) and the endpoint's window.
CREATE INDEX agent_anomalies_hourly_tenant_hour ON agent_anomalies_hourly (tenant_id, hour);

SELECT protect_read_model('agent_anomalies_hourly');

-- Down Migration
DROP TABLE agent_anomalies_hourly;
