-- Up Migration

-- The scopeUsage projection adds to `count` on every batch, for every agent
-- with tokens in it. With `count` in an index, no such update could be HOT:
-- each one wrote a new entry into both indexes and left a dead one behind,
-- which the next batch's ON CONFLICT probe of the same key walked past again.
-- Under steady token traffic that made this upsert the costliest statement
-- of the projection workers, with the most WAL. Without `count` in any index,
-- the updates stay on their heap page and touch no index. An agent's days are
-- still found by this index; their counts are read from the table (about
-- 1 ms for an agent's 90 days, against 0.1 ms as an index-only scan).
DROP INDEX agent_scope_usage_daily_agent;
CREATE INDEX agent_scope_usage_daily_agent
  ON agent_scope_usage_daily (tenant_id, agent_id, date);

-- Down Migration
DROP INDEX agent_scope_usage_daily_agent;
CREATE INDEX agent_scope_usage_daily_agent
  ON agent_scope_usage_daily (tenant_id, agent_id, date) INCLUDE (scope, count);
