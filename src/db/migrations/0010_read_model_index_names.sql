-- Up Migration

-- Rebuilds used to leave the swapped-in tables' indexes named after the
-- shadow table (agents__rebuild_pkey, agents__rebuil_tenant_id_..._idx), so
-- a later migration naming an index could fail on a rebuilt database. Swaps
-- now keep the names; this gives the indexes of an already rebuilt database
-- back the names their migrations gave (a primary key's constraint follows its
-- index). Indexes are found by definition, without name and table.
DO $$
DECLARE
  wanted record;
  found text;
BEGIN
  FOR wanted IN
    SELECT * FROM (VALUES
      ('analytics_events', 'analytics_events_pkey',
       'CREATE UNIQUE INDEX ON USING btree (tenant_id, metric_type, date)'),
      ('agent_activity_hourly', 'agent_activity_hourly_pkey',
       'CREATE UNIQUE INDEX ON USING btree (tenant_id, hour, agent_id)'),
      ('agent_activity_hourly', 'agent_activity_hourly_window',
       'CREATE INDEX ON USING btree (tenant_id, hour) INCLUDE (agent_id, count)'),
      ('agent_activity_hourly', 'agent_activity_hourly_agent',
       'CREATE INDEX ON USING btree (tenant_id, agent_id, hour) INCLUDE (count)'),
      ('agent_monthly_tokens', 'agent_monthly_tokens_pkey',
       'CREATE UNIQUE INDEX ON USING btree (tenant_id, month, agent_id)'),
      ('agents', 'agents_pkey',
       'CREATE UNIQUE INDEX ON USING btree (tenant_id, agent_id)'),
      ('agents', 'agents_newest',
       'CREATE INDEX ON USING btree (tenant_id, registered_at DESC, agent_id DESC)'),
      ('agents', 'agents_status_newest',
       'CREATE INDEX ON USING btree (tenant_id, status, registered_at DESC, agent_id DESC)')
    ) AS v(table_name, index_name, shape)
  LOOP
    SELECT c.relname INTO found
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = to_regclass(wanted.table_name)
       AND regexp_replace(pg_get_indexdef(i.indexrelid),
                          '^CREATE (UNIQUE )?INDEX \S+ ON \S+ ', 'CREATE \1INDEX ON ') = wanted.shape
     ORDER BY c.relname = wanted.index_name DESC
     LIMIT 1;
    IF found IS NOT NULL AND found <> wanted.index_name
       AND to_regclass(wanted.index_name) IS NULL THEN
      EXECUTE format('ALTER INDEX %I RENAME TO %I', found, wanted.index_name);
    END IF;
  END LOOP;
END
$$;

-- Down Migration
-- Nothing to undo: the names are the ones the earlier migrations gave.
