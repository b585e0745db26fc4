-- Up Migration

-- Command-side state that must never enter the event log: client secret
-- hashes and signing keys.
CREATE TABLE client_credentials (
  client_id text PRIMARY KEY,
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('admin', 'agent')),
  agent_id uuid,
  secret_hash bytea NOT NULL,
  scopes text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'agent') = (agent_id IS NOT NULL))
);
CREATE INDEX client_credentials_agent ON client_credentials (tenant_id, agent_id);

CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Set when a newer key takes over; the key stays published until its tokens expire.
  retired_at timestamptz,
  -- After this instant no token signed with the key can still be valid.
  expires_at timestamptz
);

-- Down Migration
DROP TABLE signing_keys;
DROP TABLE client_credentials;
