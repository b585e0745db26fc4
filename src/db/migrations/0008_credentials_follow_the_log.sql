-- Up Migration

-- The credentials row is a copy of what its stream says. `revision` is the
-- stream revision it reflects (-1: none yet, or written before this column
-- existed), and a write only ever moves it forward. `secret_event_id` is the
-- registration or rotation event whose secret `secret_hash` verifies; NULL on
-- rows written before this column existed.
ALTER TABLE client_credentials
  ADD COLUMN revision bigint NOT NULL DEFAULT -1,
  ADD COLUMN secret_event_id uuid;

-- A rotation's new secret hash waits here, under the id its event will carry,
-- until that event is in the log and the row takes the hash over. Events never
-- hold secrets; the event id is the link.
CREATE TABLE client_secret_candidates (
  client_id text NOT NULL REFERENCES client_credentials (client_id) ON DELETE CASCADE,
  event_id uuid NOT NULL,
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, event_id)
);

-- Server-wide secrets that every API process must share (the page cursor
-- signing key); made once by the first process that needs one.
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  secret bytea NOT NULL CHECK (length(secret) >= 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE server_secrets;
DROP TABLE client_secret_candidates;
ALTER TABLE client_credentials DROP COLUMN secret_event_id, DROP COLUMN revision;
