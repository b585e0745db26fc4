-- Up Migration

-- The stored heatmap as one row per tenant and agent holding the counts of
-- the 168 local hours of the week (index dow * 24 + hour + 1), instead of a
-- row per hour: the common heatmap answer reads a thousand short rows for a
-- thousand agents rather than grouping tens of thousands (bench/README.md,
-- queries). A row exists while any of its counts is not zero.
DROP TABLE agent_activity_heatmap;
CREATE TABLE agent_activity_heatmap (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  counts bigint[] NOT NULL CHECK (cardinality(counts) = 168),
  PRIMARY KEY (tenant_id, agent_id)
) WITH (fillfactor = 70);
-- A row is ~1.4 kB, five to a full page: the room left lets every projection
-- batch update its agents' rows in their own page (HOT, no index write), and
-- the old versions are pruned there, so live traffic does not spread the
-- table over new pages between vacuums (7,000 updates: 2.7 MB and all HOT,
-- against 9.6 MB and two in three not at the default 100).
SELECT protect_read_model('agent_activity_heatmap');

-- A heatmap row's counts with sparse (hour of the week, count) pairs added;
-- pairs of the same hour add up. The projection's common write: a batch adds
-- a few hours to each agent it touches.
CREATE FUNCTION heatmap_add(counts bigint[], hows int[], deltas bigint[]) RETURNS bigint[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  result bigint[] := counts;
BEGIN
  FOR i IN 1 .. coalesce(cardinality(hows), 0) LOOP
    result[hows[i] + 1] := result[hows[i] + 1] + deltas[i];
  END LOOP;
  RETURN result;
END $$;

-- The 168 counts of sparse (hour of the week, count) pairs.
CREATE FUNCTION heatmap_counts(hows int[], counts bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN heatmap_add(array_fill(0::bigint, ARRAY[168]), hows, counts);

-- Two heatmap rows' counts added hour by hour.
CREATE FUNCTION heatmap_sum(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  result bigint[] := a;
BEGIN
  FOR i IN 1 .. 168 LOOP
    result[i] := result[i] + b[i];
  END LOOP;
  RETURN result;
END $$;

-- Projected again from the log (the worker starts over from the first event),
-- with the hourly rows and windows it keeps in the same transactions; cached
-- answers built from the old rows are dropped.
TRUNCATE agent_activity_hourly, agent_activity_heatmap_windows;
DELETE FROM projection_checkpoints WHERE projection = 'agentActivity';
INSERT INTO read_model_generations AS g (projection, generation)
VALUES ('agentActivity', nextval('read_model_version_seq'))
ON CONFLICT (projection) DO UPDATE SET generation = excluded.generation;

-- Down Migration
DROP FUNCTION heatmap_sum(bigint[], bigint[]);
DROP FUNCTION heatmap_counts(int[], bigint[]);
DROP FUNCTION heatmap_add(bigint[], int[], bigint[]);
DROP TABLE agent_activity_heatmap;
CREATE TABLE agent_activity_heatmap (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  dow smallint NOT NULL CHECK (dow BETWEEN 0 AND 6),
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  count bigint NOT NULL,
  PRIMARY KEY (tenant_id, agent_id, dow, hour) INCLUDE (count)
);
SELECT protect_read_model('agent_activity_heatmap');
TRUNCATE agent_activity_hourly, agent_activity_heatmap_windows;
DELETE FROM projection_checkpoints WHERE projection = 'agentActivity';
INSERT INTO read_model_generations AS g (projection, generation)
VALUES ('agentActivity', nextval('read_model_version_seq'))
ON CONFLICT (projection) DO UPDATE SET generation = excluded.generation;
