-- Up Migration

-- The last failure of a projection, shown by health and `projections status`
-- until a batch succeeds again.
ALTER TABLE projection_checkpoints
  ADD COLUMN last_error text,
  ADD COLUMN last_error_at timestamptz;

-- Down Migration
ALTER TABLE projection_checkpoints
  DROP COLUMN last_error,
  DROP COLUMN last_error_at;
