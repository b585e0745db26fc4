-- Up Migration

-- Access tokens revoked before their expiry (RFC 7009). The event log decides:
-- rows are written from TokenRevoked events only, by the revoking command
-- right after its append and by the revokedTokens projection, which makes the
-- table equal to the folded log after any failure. Every API process keeps the
-- unexpired jtis in memory and refuses their tokens.
CREATE TABLE revoked_tokens (
  tenant_id uuid NOT NULL,
  jti uuid NOT NULL,
  -- The token's own expiry: past it the row no longer matters.
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz NOT NULL,
  PRIMARY KEY (jti)
);
CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);
SELECT protect_read_model('revoked_tokens');

-- Down Migration
DROP TABLE revoked_tokens;
