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

-- One round trip per append: bumps the stream revision (locking the stream
-- row), checks the expected revision, and inserts the events atomically.
-- p_expect: 'any' | 'no_stream' | 'stream_exists' | 'exact' (with p_expected).
-- p_events: a JSON array of {id, type, schemaVersion, data, metadata}; one
-- document is far cheaper to encode in the client than seven parallel arrays.
CREATE FUNCTION append_to_stream(
  p_stream text,
  p_expect text,
  p_expected bigint,
  p_events jsonb
) RETURNS TABLE (next_revision bigint, last_transaction_id text, last_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_new bigint;
  v_previous bigint;
BEGIN
  INSERT INTO streams AS s (stream_name, revision) VALUES (p_stream, v_count - 1)
  ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision + v_count
  RETURNING s.revision INTO v_new;
  v_previous := v_new - v_count;

  IF (p_expect = 'no_stream' AND v_previous <> -1)
     OR (p_expect = 'stream_exists' AND v_previous = -1)
     OR (p_expect = 'exact' AND v_previous <> p_expected) THEN
    RAISE EXCEPTION 'wrong expected revision for %', p_stream
      USING ERRCODE = 'ES409', DETAIL = v_previous::text;
  END IF;

  RETURN QUERY
  WITH inserted AS (
    INSERT INTO events (event_id, stream_name, stream_revision, event_type, schema_version,
                        tenant_id, data, metadata, occurred_at)
    SELECT (e.event->>'id')::uuid, p_stream, v_previous + e.ordinal, e.event->>'type',
           (e.event->>'schemaVersion')::integer, (e.event->'metadata'->>'tenantId')::uuid,
           e.event->'data', e.event->'metadata', (e.event->'metadata'->>'occurredAt')::timestamptz
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(event, ordinal)
    ORDER BY e.ordinal
    RETURNING position
  )
  SELECT v_new, pg_current_xact_id()::text, max(inserted.position) FROM inserted;
END;
$$;

-- Down Migration
DROP FUNCTION append_to_stream;
DROP TABLE events;
DROP TABLE streams;
