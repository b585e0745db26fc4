-- Up Migration

-- Webhook subscriptions as the log says they are (WebhookSubscribed /
-- WebhookUnsubscribed on the subscription's stream), plus the one thing the
-- log must never hold: the signing secret. Like client_credentials, a row is
-- inserted inactive at revision -1 before its first event is appended, and
-- then only moves forward to what its stream says.
CREATE TABLE webhook_endpoints (
  subscription_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  url text NOT NULL,
  events text[] NOT NULL,
  -- whsec_...: the key deliveries are signed with; shown once when subscribing.
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT false,
  revision bigint NOT NULL DEFAULT -1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id, created_at) WHERE active;

-- The outbox of alerts: written by alerting projections in the transaction
-- that moves their checkpoint. alert_id is derived from the alert's logical
-- key, so a retried batch or a rebuild finds it already there and sends
-- nothing again; it is the webhook-id of every delivery of the alert.
CREATE TABLE webhook_alerts (
  alert_id text PRIMARY KEY,
  tenant_id uuid NOT NULL,
  event_type text NOT NULL,
  data jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX webhook_alerts_undispatched ON webhook_alerts (created_at) WHERE dispatched_at IS NULL;

-- One alert (or test message) to one subscription, with its attempts.
CREATE TABLE webhook_deliveries (
  delivery_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  subscription_id uuid NOT NULL,
  alert_id text NOT NULL,
  event_type text NOT NULL,
  data jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_status integer,
  last_error text,
  last_attempt_at timestamptz,
  next_attempt_at timestamptz,
  failure_reason text,
  queued_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_deliveries_once UNIQUE (alert_id, subscription_id)
);
CREATE INDEX webhook_deliveries_listing ON webhook_deliveries (tenant_id, subscription_id, created_at DESC, delivery_id DESC);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- Row-level security as on every read table, but the reader role may not see
-- the secret column: listings never need it.
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints USING (tenant_id = current_tenant_id());
GRANT SELECT (subscription_id, tenant_id, url, events, active, revision, created_at, updated_at)
  ON webhook_endpoints TO analytics_reader;
SELECT protect_read_model('webhook_deliveries');
SELECT protect_read_model('webhook_alerts');

-- Per agent, kept by the quotaThresholds projection: the quota its
-- AgentQuotaSet events give it, and its tokens in the current UTC hour, day
-- and month (each period named by its start, e.g. 2026-11-25T12, 2026-11-25,
-- 2026-11). quota.threshold alerts are decided from it.
CREATE TABLE agent_quota_usage (
  tenant_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  quota_id uuid,
  quota_limit integer,
  quota_period text,
  quota_mode text,
  hour_key text NOT NULL,
  hour_count bigint NOT NULL,
  day_key text NOT NULL,
  day_count bigint NOT NULL,
  month_key text NOT NULL,
  month_count bigint NOT NULL,
  CONSTRAINT agent_quota_usage_pkey PRIMARY KEY (tenant_id, agent_id)
);

SELECT protect_read_model('agent_quota_usage');

-- Down Migration
DROP TABLE agent_quota_usage;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_alerts;
DROP TABLE webhook_endpoints;
