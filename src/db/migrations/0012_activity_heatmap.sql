-- Up Migration

-- The activity heatmap kept as a read model beside agent_activity_hourly, by
-- the agentActivity projection in the same transactions: per tenant, agent,
-- UTC day of week (0 = Sunday) and hour, the count of the tenant's hourly
-- rows from its window start on. A tenant's window is the 30 UTC days ending
-- with the day of its newest hourly row; hours that leave it are subtracted
-- when the window moves, and queries correct for a window lagging the clock
-- from the hourly rows (src/readModels/agentActivity/).
CREATE TABLE agent_activity_heatmap (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  dow smallint NOT NULL CHECK (dow BETWEEN 0 AND 6),
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  count bigint NOT NULL,
  -- count in the key's index: a tenant's heatmap is read by an index-only scan.
  PRIMARY KEY (tenant_id, agent_id, dow, hour) INCLUDE (count)
);

-- The window start each tenant's heatmap rows count from (a UTC midnight).
CREATE TABLE agent_activity_heatmap_windows (
  tenant_id uuid PRIMARY KEY,
  window_start timestamptz NOT NULL
);

SELECT protect_read_model('agent_activity_heatmap');
SELECT protect_read_model('agent_activity_heatmap_windows');

-- Filled from the hourly rows already projected, exactly as the projection
-- would have left them (its definition is a function of the hourly rows).
INSERT INTO agent_activity_heatmap_windows (tenant_id, window_start)
SELECT tenant_id,
       to_timestamp((extract(epoch FROM max(hour))::bigint / 86400 - 29) * 86400)
  FROM agent_activity_hourly
 GROUP BY tenant_id;

INSERT INTO agent_activity_heatmap (tenant_id, agent_id, dow, hour, count)
SELECT h.tenant_id, h.agent_id, how / 24, how % 24, sum(h.count)
  FROM (SELECT tenant_id, agent_id, count,
               ((extract(epoch FROM hour)::bigint / 3600 + 96) % 168)::int AS how, hour
          FROM agent_activity_hourly) AS h
  JOIN agent_activity_heatmap_windows w
    ON w.tenant_id = h.tenant_id AND h.hour >= w.window_start
 GROUP BY h.tenant_id, h.agent_id, h.how;

-- Down Migration
DROP TABLE agent_activity_heatmap_windows;
DROP TABLE agent_activity_heatmap;
