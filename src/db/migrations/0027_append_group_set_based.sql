-- Up Migration

-- A group commit's appends in a constant number of statements instead of one
-- or two per append: the stream rows are locked, checked and bumped for the
-- whole group at once, and all its events go in one INSERT. Same contract as
-- before (0013): one row per append by ordinal, a wrong expected revision is
-- that append's outcome and never aborts the others, appends to one stream
-- apply in the order given, events are inserted in the order given.
--
-- Stream rows are taken in stream name order ("C" collation) by one sorted
-- INSERT ... ON CONFLICT, which creates a missing row and locks an existing
-- one as it goes, so two groups cannot deadlock on them. When every append
-- of the group expects 'any' (no check to make), that upsert bumps each row
-- by its appends' event count directly and one statement does everything.
-- Otherwise the rows are locked first, missing ones created at -1, the
-- checks are folded over each stream's appends in order, and the rows are
-- then set to their new revisions (a row no append was written to is removed
-- again).
CREATE OR REPLACE FUNCTION append_to_streams(p_appends jsonb)
RETURNS TABLE (ordinal integer, outcome text, revision bigint, last_transaction_id text,
               last_position bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_streams text[];
  v_expects text[];
  v_expected bigint[];
  v_counts integer[];
  v_unchecked boolean;
  v_names text[];
  v_revisions bigint[];
  v_previous bigint[];
  v_matched boolean[];
  v_stream integer;
  v_current bigint;
  v_matches boolean;
BEGIN
  IF NOT jsonb_path_exists(p_appends, '$[*] ? (@.expect != "any")') THEN
    RETURN QUERY
    WITH appends AS (
      SELECT a.ordinal::integer AS ordinal, a.append->>'stream' AS stream,
             a.append->'events' AS events, jsonb_array_length(a.append->'events') AS count
        FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a(append, ordinal)
    ), bumped AS (
      INSERT INTO streams AS s (stream_name, revision)
      SELECT a.stream, sum(a.count) - 1 FROM appends a
       GROUP BY a.stream ORDER BY a.stream COLLATE "C"
      ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision + excluded.revision + 1
      RETURNING s.stream_name, s.revision
    ), placed AS (
      -- An append starts where the appends before it to its stream end.
      SELECT a.ordinal, a.stream, a.events, a.count,
             b.revision - sum(a.count) OVER (PARTITION BY a.stream ORDER BY a.ordinal DESC)
               AS previous
        FROM appends a JOIN bumped b ON b.stream_name = a.stream
    ), inserted AS (
      INSERT INTO events (event_id, stream_name, stream_revision, event_type, schema_version,
                          tenant_id, data, metadata, occurred_at)
      SELECT (e.event->>'id')::uuid, p.stream, p.previous + e.ordinal, e.event->>'type',
             (e.event->>'schemaVersion')::integer, (e.event->'metadata'->>'tenantId')::uuid,
             e.event->'data', e.event->'metadata',
             (e.event->'metadata'->>'occurredAt')::timestamptz
        FROM placed p, jsonb_array_elements(p.events) WITH ORDINALITY AS e(event, ordinal)
       ORDER BY p.ordinal, e.ordinal
      RETURNING stream_name, stream_revision, position
    )
    -- An append's last event is the one at its new revision.
    SELECT p.ordinal, 'ok', p.previous + p.count, pg_current_xact_id()::text, i.position
      FROM placed p
      JOIN inserted i ON i.stream_name = p.stream AND i.stream_revision = p.previous + p.count;
    RETURN;
  END IF;

  SELECT array_agg(a.append->>'stream' ORDER BY a.ordinal),
         array_agg(a.append->>'expect' ORDER BY a.ordinal),
         array_agg((a.append->>'expected')::bigint ORDER BY a.ordinal),
         array_agg(jsonb_array_length(a.append->'events') ORDER BY a.ordinal)
    INTO v_streams, v_expects, v_expected, v_counts
    FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a(append, ordinal);
  v_names := ARRAY(SELECT n FROM unnest(v_streams) AS n GROUP BY n ORDER BY n COLLATE "C");

  -- Locks without writing a new row version: the update's condition is false.
  INSERT INTO streams AS s (stream_name, revision)
  SELECT n.name, -1 FROM unnest(v_names) WITH ORDINALITY AS n(name, i) ORDER BY n.i
  ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision WHERE false;
  SELECT array_agg(s.revision ORDER BY n.i) INTO v_revisions
    FROM unnest(v_names) WITH ORDINALITY AS n(name, i)
    JOIN streams s ON s.stream_name = n.name;

  v_previous := array_fill(NULL::bigint, ARRAY[cardinality(v_streams)]);
  v_matched := array_fill(NULL::boolean, ARRAY[cardinality(v_streams)]);
  FOR v_append IN 1 .. cardinality(v_streams) LOOP
    v_stream := array_position(v_names, v_streams[v_append]);
    v_current := v_revisions[v_stream];
    v_matches := NOT ((v_expects[v_append] = 'no_stream' AND v_current <> -1)
                   OR (v_expects[v_append] = 'stream_exists' AND v_current = -1)
                   OR (v_expects[v_append] = 'exact' AND v_current <> v_expected[v_append]));
    v_previous[v_append] := v_current;
    v_matched[v_append] := v_matches;
    IF v_matches THEN v_revisions[v_stream] := v_current + v_counts[v_append]; END IF;
  END LOOP;

  UPDATE streams s SET revision = f.revision
    FROM unnest(v_names, v_revisions) AS f(name, revision)
   WHERE s.stream_name = f.name AND s.revision <> f.revision;
  IF -1 = ANY(v_revisions) THEN
    DELETE FROM streams s WHERE s.stream_name = ANY(v_names) AND s.revision = -1;
  END IF;

  RETURN QUERY
  WITH checked AS (
    SELECT c.ordinal::integer AS ordinal, c.previous, c.matched, c.count,
           a.append->>'stream' AS stream, a.append->'events' AS events
      FROM unnest(v_previous, v_matched, v_counts) WITH ORDINALITY
             AS c(previous, matched, count, ordinal)
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
CREATE OR REPLACE FUNCTION append_to_streams(p_appends jsonb)
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
