-- Up Migration

-- When each agent was deactivated (its first AgentDeactivated), kept by the
-- agentAnomalies projection beside its hourly counts: a deactivated agent's
-- silence is what the admin asked for, so it is not alerted as a drop (the
-- anomalies endpoint already leaves it out). Filled from the log: the
-- projection starts over from the first event; its findings come out the
-- same, and no alert is sent again (alert ids are deterministic, and hours
-- closed more than a day ago are not alerted).
CREATE TABLE agent_anomaly_deactivations (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  deactivated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, agent_id)
);
SELECT protect_read_model('agent_anomaly_deactivations');

TRUNCATE agent_anomalies_hourly;
DELETE FROM projection_checkpoints WHERE projection = 'agentAnomalies';
INSERT INTO read_model_generations AS g (projection, generation)
VALUES ('agentAnomalies', nextval('read_model_version_seq'))
ON CONFLICT (projection) DO UPDATE SET generation = excluded.generation;

-- Down Migration
DROP TABLE agent_anomaly_deactivations;
