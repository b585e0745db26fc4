-- Up Migration

-- A command that moves a client's credentials records, before its append, that
-- the client's row must follow that append, keyed by the id of the last event
-- it appends. Whoever next brings the row up to a stream holding that event
-- (the command itself, the token endpoint, or the worker's sweep) removes the
-- record. A command stopped between its append and its row write therefore
-- leaves a record behind, and the sweep finds the row to bring up to date even
-- when no client can prove a secret to it (the row's secret was never handed
-- out). Records of appends that never happened are dropped after a day.
-- created_at is the database's own clock, never the command's.
CREATE TABLE credential_follow_ups (
  event_id uuid PRIMARY KEY,
  client_id text NOT NULL,
  stream_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credential_follow_ups_client ON credential_follow_ups (client_id);
CREATE INDEX credential_follow_ups_age ON credential_follow_ups (created_at);

-- Down Migration
DROP TABLE credential_follow_ups;
