-- Up Migration

-- A tenant's reporting time zone (TenantTimeZoneChanged on its stream), kept
-- by the tenantSettings projection; no row: UTC. Analytics queries read it to
-- bucket days, hours and months in the tenant's zone.
CREATE TABLE tenant_settings (
  tenant_id uuid PRIMARY KEY,
  time_zone text NOT NULL
);
SELECT protect_read_model('tenant_settings');

-- Agent tokens per tenant and UTC quarter hour, kept by dailyMetrics beside
-- the UTC days of analytics_events: every zone offset in use is a multiple of
-- 15 minutes, so a local day is a whole number of these rows.
CREATE TABLE tenant_token_quarter_hours (
  tenant_id uuid NOT NULL,
  quarter timestamptz NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (tenant_id, quarter) INCLUDE (count)
);
SELECT protect_read_model('tenant_token_quarter_hours');

-- Agent tokens per quarter hour within 15 hours of a UTC month's start, kept
-- by monthlyTokens beside agent_monthly_tokens: a local month differs from
-- the UTC month of the same name only by those hours (offsets lie within
-- -12:00..+14:00), so it is the UTC month's row corrected by these rows.
CREATE TABLE agent_token_month_edges (
  tenant_id uuid NOT NULL,
  quarter timestamptz NOT NULL,
  agent_id uuid NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (tenant_id, quarter, agent_id) INCLUDE (count)
);
SELECT protect_read_model('agent_token_month_edges');

-- The events of each hourly row in minutes 15-29, 30-44 and 45-59 (the rest
-- fell in minutes 0-14): a local hour in a half- or quarter-hour zone spans
-- two UTC hours. The stored heatmap is keyed by the tenant's local day of
-- week and hour, in the zone its windows row names.
ALTER TABLE agent_activity_hourly
  ADD COLUMN count_15 bigint NOT NULL DEFAULT 0,
  ADD COLUMN count_30 bigint NOT NULL DEFAULT 0,
  ADD COLUMN count_45 bigint NOT NULL DEFAULT 0;
-- A tenant whose zone is set before any activity has a zone and no window yet.
ALTER TABLE agent_activity_heatmap_windows
  ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC',
  ALTER COLUMN window_start DROP NOT NULL;

-- The rows above are new or finer than what these projections kept: they are
-- projected again from the log (their workers start over from the first
-- event), and cached answers built from the old rows are dropped.
TRUNCATE analytics_events, agent_monthly_tokens, agent_activity_hourly,
         agent_activity_heatmap, agent_activity_heatmap_windows;
DELETE FROM projection_checkpoints
 WHERE projection IN ('dailyMetrics', 'monthlyTokens', 'agentActivity');
INSERT INTO read_model_generations AS g (projection, generation)
SELECT projection, nextval('read_model_version_seq')
  FROM unnest(ARRAY['dailyMetrics', 'monthlyTokens', 'agentActivity']) AS p(projection)
ON CONFLICT (projection) DO UPDATE SET generation = excluded.generation;

-- Down Migration
DELETE FROM agent_activity_heatmap_windows WHERE window_start IS NULL;
ALTER TABLE agent_activity_heatmap_windows
  DROP COLUMN time_zone, ALTER COLUMN window_start SET NOT NULL;
ALTER TABLE agent_activity_hourly DROP COLUMN count_15, DROP COLUMN count_30, DROP COLUMN count_45;
DROP TABLE agent_token_month_edges;
DROP TABLE tenant_token_quarter_hours;
DROP TABLE tenant_settings;
