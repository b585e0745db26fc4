-- Up Migration

-- Every change to signing_keys (a rotation by any process or the CLI, an
-- operator's UPDATE) wakes each API process's key ring through LISTEN. The
-- notification is sent at commit, once per transaction.
CREATE FUNCTION notify_signing_keys_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('signing_keys_changed', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER signing_keys_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON signing_keys
  FOR EACH STATEMENT EXECUTE FUNCTION notify_signing_keys_changed();

-- Down Migration
DROP TRIGGER signing_keys_changed ON signing_keys;
DROP FUNCTION notify_signing_keys_changed;
