-- Up Migration

-- The embedded event store. Order is (transaction_id, position): a sequence
-- value can commit out of order, so readers only see rows whose writing
-- transaction is older than every transaction still running.
CREATE TABLE streams (
  stream_name text PRIMARY KEY,
  revision bigint NOT NULL
);

CREATE TABLE events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL UNIQUE,
  stream_name text NOT NULL,
  stream_revision bigint NOT NULL,
  event_type text NOT NULL,
  schema_version integer NOT NULL,
  tenant_id uuid NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (stream_name, stream_revision)
);

CREATE INDEX events_global_order ON events (transaction_id, position);
-- "All events of tenant T, newest first, paged".
CREATE INDEX events_tenant_order ON events (tenant_id, transaction_id DESC, position DESC);

-- Down Migration
DROP TABLE events;
DROP TABLE streams;
