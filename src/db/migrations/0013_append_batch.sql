-- Up Migration

-- Group commit: several appends in one transaction and one round trip. Each
-- append keeps the semantics of append_to_stream (stream row lock, expected
-- revision check, atomic insert), but a wrong expected revision is an outcome
-- of that append, not an exception, so it never aborts the others (no
-- subtransactions: more than 64 per transaction overflow the subtransaction
-- cache). Stream rows are locked in stream name order, so two batches cannot
-- deadlock on them; appends to one stream apply in the order given.
--
-- p_appends: a JSON array of {stream, expect, expected, events}, events as for
-- append_to_stream. One row per append, by ordinal (1-based): outcome 'ok'
-- with the next revision and last position, or 'wrong_expected_revision' with
-- the actual revision (-1: no stream).
CREATE FUNCTION append_to_streams(p_appends jsonb)
RETURNS TABLE (ordinal integer, outcome text, revision bigint, last_transaction_id text,
               last_position bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_append record;
  v_previous bigint;
  v_exists boolean;
  v_matches boolean;
  v_count integer;
  v_ordinals integer[] := '{}';
  v_previouses bigint[] := '{}';
  v_matched boolean[] := '{}';
BEGIN
  FOR v_append IN
    SELECT a.ordinal::integer AS ordinal, a.append->>'stream' AS stream,
           a.append->>'expect' AS expect, (a.append->>'expected')::bigint AS expected,
           jsonb_array_length(a.append->'events') AS count
      FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a(append, ordinal)
     ORDER BY a.append->>'stream' COLLATE "C", a.ordinal
  LOOP
    LOOP
      IF v_append.expect = 'any' THEN
        -- Nothing to check: bump the revision in one statement when the row exists.
        UPDATE streams s SET revision = s.revision + v_append.count
         WHERE s.stream_name = v_append.stream
        RETURNING s.revision - v_append.count INTO v_previous;
        v_exists := FOUND;
        v_matches := true;
        EXIT WHEN v_exists;
        v_previous := -1;
      ELSE
        SELECT s.revision INTO v_previous FROM streams s
         WHERE s.stream_name = v_append.stream FOR UPDATE;
        v_exists := FOUND;
        IF NOT v_exists THEN v_previous := -1; END IF;
        v_matches := NOT ((v_append.expect = 'no_stream' AND v_previous <> -1)
                       OR (v_append.expect = 'stream_exists' AND v_previous = -1)
                       OR (v_append.expect = 'exact' AND v_previous <> v_append.expected));
        EXIT WHEN NOT v_matches;
        IF v_exists THEN
          UPDATE streams SET revision = v_previous + v_append.count
           WHERE stream_name = v_append.stream;
          EXIT;
        END IF;
      END IF;
      -- A concurrent first append may create the row meanwhile: then read it again.
      INSERT INTO streams (stream_name, revision) VALUES (v_append.stream, v_append.count - 1)
      ON CONFLICT (stream_name) DO NOTHING;
      EXIT WHEN FOUND;
    END LOOP;
    v_ordinals := v_ordinals || v_append.ordinal;
    v_previouses := v_previouses || v_previous;
    v_matched := v_matched || v_matches;
  END LOOP;

  RETURN QUERY
  WITH checked AS (
    SELECT c.ordinal, c.previous, c.matched, a.append->>'stream' AS stream,
           a.append->'events' AS events, jsonb_array_length(a.append->'events') AS count
      FROM unnest(v_ordinals, v_previouses, v_matched) AS c(ordinal, previous, matched)
      JOIN jsonb_array_elements(p_appends) WITH ORDINALITY AS a(append, ordinal)
        ON a.ordinal = c.ordinal
  ), inserted AS (
    INSERT INTO events (event_id, stream_name, stream_revision, event_type, schema_version,
                        tenant_id, data, metadata, occurred_at)
    SELECT (e.event->>'id')::uuid, c.stream, c.previous + e.ordinal, e.event->>'type',
           (e.event->>'schemaVersion')::integer, (e.event->'metadata'->>'tenantId')::uuid,
           e.event->'data', e.event->'metadata', (e.event->'metadata'->>'occurredAt')::timestamptz
      FROM checked c, jsonb_array_elements(c.events) WITH ORDINALITY AS e(event, ordinal)
     WHERE c.matched
     ORDER BY c.ordinal, e.ordinal
    RETURNING stream_name, stream_revision, position
  )
  -- An append's last event is the one at its new revision.
  SELECT c.ordinal, 'ok', c.previous + c.count, pg_current_xact_id()::text, i.position
    FROM checked c
    JOIN inserted i ON i.stream_name = c.stream AND i.stream_revision = c.previous + c.count
   WHERE c.matched
  UNION ALL
  SELECT c.ordinal, 'wrong_expected_revision', c.previous, NULL, NULL
    FROM checked c WHERE NOT c.matched;
END;
$$;

-- Down Migration
DROP FUNCTION append_to_streams;
