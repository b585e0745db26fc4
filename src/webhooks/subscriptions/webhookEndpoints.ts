import { withTransaction, type Pool, type PoolClient } from '../../db/pool.js';
import type { LoggedEndpoint } from './endpointFold.js';

// webhook_endpoints: the subscriptions as their streams say, and their signing
// secrets, which the log never holds. A row is inserted inactive at revision
// -1 before its first event is appended; after that only applyLoggedEndpoint
// writes it, copying its stream and never moving backwards.

export interface WebhookEndpoint {
  subscriptionId: string;
  tenantId: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: Date;
}

interface EndpointRow {
  subscription_id: string;
  tenant_id: string;
  url: string;
  events: string[];
  active: boolean;
  created_at: Date;
}

const columns = 'subscription_id, tenant_id, url, events, active, created_at';

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    subscriptionId: row.subscription_id,
    tenantId: row.tenant_id,
    url: row.url,
    events: row.events,
    active: row.active,
    createdAt: row.created_at,
  };
}

/**
 * Inserts the pending row unless the tenant already holds `limit` subscriptions
 * (active ones, and pending ones younger than a minute: a crash between insert
 * and append leaves an inactive row that must not count for ever). A lock per
 * tenant makes concurrent subscriptions count one after the other.
 */
export async function insertPendingEndpoint(
  pool: Pool,
  endpoint: Pick<WebhookEndpoint, 'subscriptionId' | 'tenantId' | 'url' | 'events'> & {
    secret: string;
  },
  now: Date,
  limit: number,
): Promise<{ inserted: boolean }> {
  return withTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints:' || $1))", [
      endpoint.tenantId,
    ]);
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_endpoints
        WHERE tenant_id = $1 AND (active OR (revision = -1 AND created_at > $2::timestamptz - interval '1 minute'))`,
      [endpoint.tenantId, now],
    );
    if ((rows[0]?.n ?? 0) >= limit) return { inserted: false };
    await client.query(
      `INSERT INTO webhook_endpoints
         (subscription_id, tenant_id, url, events, secret, active, revision, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, false, -1, $6, now())`,
      [
        endpoint.subscriptionId,
        endpoint.tenantId,
        endpoint.url,
        endpoint.events,
        endpoint.secret,
        now,
      ],
    );
    return { inserted: true };
  });
}

/**
 * Drops a row still pending a day after the database inserted it: its
 * command's append never happened. The age is the database's own, so a
 * command in flight keeps its row whatever the clock it stamped it with.
 */
export async function dropAbandonedEndpoint(pool: Pool, subscriptionId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `DELETE FROM webhook_endpoints
      WHERE subscription_id = $1 AND revision < 0 AND updated_at < now() - interval '1 day'`,
    [subscriptionId],
  );
  return (rowCount ?? 0) > 0;
}

export async function deleteEndpoint(pool: Pool, subscriptionId: string): Promise<void> {
  await pool.query('DELETE FROM webhook_endpoints WHERE subscription_id = $1', [subscriptionId]);
}

export async function applyLoggedEndpoint(
  pool: Pool,
  subscriptionId: string,
  logged: LoggedEndpoint,
  now: Date,
): Promise<void> {
  await pool.query(
    `UPDATE webhook_endpoints SET active = $2, url = $3, events = $4, revision = $5, updated_at = $6
      WHERE subscription_id = $1 AND revision < $5`,
    [subscriptionId, logged.active, logged.url, logged.events, logged.revision.toString(), now],
  );
}

/** The tenant's active subscriptions, oldest first (runs in the tenant's read scope). */
export async function listEndpoints(
  client: PoolClient,
  tenantId: string,
): Promise<WebhookEndpoint[]> {
  const { rows } = await client.query<EndpointRow>(
    `SELECT ${columns} FROM webhook_endpoints
      WHERE tenant_id = $1 AND active ORDER BY created_at, subscription_id`,
    [tenantId],
  );
  return rows.map(toEndpoint);
}

export async function findEndpoint(
  pool: Pool | PoolClient,
  tenantId: string,
  subscriptionId: string,
): Promise<WebhookEndpoint | undefined> {
  const { rows } = await pool.query<EndpointRow>(
    `SELECT ${columns} FROM webhook_endpoints WHERE tenant_id = $1 AND subscription_id = $2`,
    [tenantId, subscriptionId],
  );
  return rows[0] ? toEndpoint(rows[0]) : undefined;
}

export interface DeliveryTarget {
  tenantId: string;
  url: string;
  secret: string;
  active: boolean;
  /** The stream revision the row reflects. */
  revision: bigint;
}

/** What a delivery needs: where to, the secret to sign with, and whether it is still subscribed. */
export async function findDeliveryTarget(
  pool: Pool,
  subscriptionId: string,
): Promise<DeliveryTarget | undefined> {
  const { rows } = await pool.query<{
    tenant_id: string;
    url: string;
    secret: string;
    active: boolean;
    revision: string;
  }>(
    `SELECT tenant_id, url, secret, active, revision::text
       FROM webhook_endpoints WHERE subscription_id = $1`,
    [subscriptionId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    tenantId: row.tenant_id,
    url: row.url,
    secret: row.secret,
    active: row.active,
    revision: BigInt(row.revision),
  };
}
