-- Up Migration

-- Every append writes one entry into each index of `events`. The primary key
-- on `position` alone served no read: the log is read in (transaction_id,
-- position) order (readAll, subscriptions, the head position, the start-up
-- transaction counter check), which `events_global_order` held as a second
-- index; a stream by (stream_name, stream_revision); an event by its
-- event_id; and `position` is unique by its identity. The key is now the
-- read order itself, so each appended event writes four index entries where
-- it wrote five. Upgrading builds the new key over the stored events once,
-- holding the table's lock meanwhile (see docs/operations.md).
CREATE UNIQUE INDEX events_read_order ON events (transaction_id, position);
ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_read_order;
DROP INDEX events_global_order;

-- Down Migration
CREATE INDEX events_global_order ON events (transaction_id, position);
ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (position);
