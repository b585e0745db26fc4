-- Up Migration

-- Rows kept beside the log (a client's credentials, a webhook subscription)
-- are written by their command after its append. Before the append, the
-- command records here that the row must follow it, keyed by the id of the
-- last event it appends. Whoever next brings the row up to a stream holding
-- that event (the command itself, the token endpoint, the delivery worker, or
-- the worker's sweep) removes the record. A command stopped between its
-- append and its row write therefore leaves a record behind, and the sweep
-- brings the row up to its stream even when nothing else would (no client
-- holds the row's secret; no alert goes to the subscription). Records of
-- appends that never happened are dropped after a day. created_at is the
-- database's own clock, never the command's.
CREATE TABLE log_follow_ups (
  event_id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('credentials', 'webhook')),
  -- The row: a client id, or a subscription id.
  row_key text NOT NULL,
  stream_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX log_follow_ups_age ON log_follow_ups (created_at);

-- Down Migration
DROP TABLE log_follow_ups;
