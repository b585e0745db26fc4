-- Up Migration

-- Indexes for the query API (src/queries), checked with EXPLAIN on 5 tenants x
-- 1,000 agents x 90 days x 4 active hours. analytics_events and
-- agent_monthly_tokens are served by their primary keys.

-- Heatmap window, all agents: index-only scan of the tenant's hours.
CREATE INDEX agent_activity_hourly_window
  ON agent_activity_hourly (tenant_id, hour) INCLUDE (agent_id, count);

-- Heatmap window, one agent.
CREATE INDEX agent_activity_hourly_agent
  ON agent_activity_hourly (tenant_id, agent_id, hour) INCLUDE (count);

-- Agent listing, newest first, keyset-paged, with and without a status filter.
CREATE INDEX agents_newest ON agents (tenant_id, registered_at DESC, agent_id DESC);
CREATE INDEX agents_status_newest ON agents (tenant_id, status, registered_at DESC, agent_id DESC);

-- Queries switch to analytics_reader per transaction (SET LOCAL ROLE), which
-- the connecting role may do only as a member. Superusers already are.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'analytics_reader', 'MEMBER') THEN
    EXECUTE format('GRANT analytics_reader TO %I', current_user);
  END IF;
END
$$;

-- Down Migration
DROP INDEX agents_status_newest;
DROP INDEX agents_newest;
DROP INDEX agent_activity_hourly_agent;
DROP INDEX agent_activity_hourly_window;
