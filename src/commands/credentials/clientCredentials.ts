import type { Pool } from '../../db/pool.js';
import { ServiceUnavailableError } from '../../errors.js';
import { EventStoreUnavailableError } from '../../eventstore/errors.js';
import { toStoreError } from '../../eventstore/postgres/storeErrors.js';
import type { AgentQuota } from '../quotas/agentQuota.js';
import type { ClientKind } from './clientSecrets.js';
import type { LoggedCredentials } from './credentialsFold.js';

// The client_credentials table: the only place secret hashes live. Apart
// from its first insert, a row is written only by applyLoggedCredentials:
// it copies what the client's stream says and only moves forward.

export interface ClientCredentials {
  clientId: string;
  tenantId: string;
  kind: ClientKind;
  agentId: string | null;
  secretHash: Buffer;
  scopes: string[];
  active: boolean;
  /** The stream revision the row reflects; -1 before its first event. */
  revision: bigint;
  /** The registration or rotation event whose secret secretHash verifies. */
  secretEventId: string | null;
  /** The agent's token quota, read with the credentials so enforcing it costs no query. */
  quota: AgentQuota | null;
}

interface ClientCredentialsRow {
  client_id: string;
  tenant_id: string;
  kind: ClientKind;
  agent_id: string | null;
  secret_hash: Buffer;
  scopes: string[];
  active: boolean;
  revision: string;
  secret_event_id: string | null;
  quota_limit: string | null;
  quota_period: AgentQuota['period'] | null;
  quota_mode: AgentQuota['mode'] | null;
}

/**
 * The row of a client about to be registered: inactive and at revision -1
 * until its registration event is in the log and applyLoggedCredentials
 * copies it. Written before the append so that every client in the log has
 * a row.
 */
export async function insertPendingClientCredentials(
  pool: Pool,
  credentials: Pick<
    ClientCredentials,
    'clientId' | 'tenantId' | 'kind' | 'agentId' | 'secretHash' | 'scopes'
  > & { secretEventId: string },
  now: Date,
): Promise<void> {
  await run(() =>
    pool.query(
      `INSERT INTO client_credentials
         (client_id, tenant_id, kind, agent_id, secret_hash, scopes, active, revision,
          secret_event_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, false, -1, $7, $8, $8)`,
      [
        credentials.clientId,
        credentials.tenantId,
        credentials.kind,
        credentials.agentId,
        credentials.secretHash,
        credentials.scopes,
        credentials.secretEventId,
        now,
      ],
    ),
  );
}

export async function deleteClientCredentials(pool: Pool, clientId: string): Promise<void> {
  await run(() => pool.query(`DELETE FROM client_credentials WHERE client_id = $1`, [clientId]));
}

/** Keeps a rotation's new secret hash under the id its event will carry. */
export async function insertSecretCandidate(
  pool: Pool,
  clientId: string,
  eventId: string,
  secretHash: Buffer,
): Promise<void> {
  await run(() =>
    pool.query(
      `INSERT INTO client_secret_candidates (client_id, event_id, secret_hash) VALUES ($1, $2, $3)`,
      [clientId, eventId, secretHash],
    ),
  );
}

/** Drops a candidate whose event is known not to be in the log. */
export async function deleteSecretCandidate(
  pool: Pool,
  clientId: string,
  eventId: string,
): Promise<void> {
  await run(() =>
    pool.query(`DELETE FROM client_secret_candidates WHERE client_id = $1 AND event_id = $2`, [
      clientId,
      eventId,
    ]),
  );
}

// Sets the row to the logged state unless it already reflects this revision
// or a later one. The secret hash changes only with the secret event: it is
// taken from that event's candidate; a row from before secret_event_id
// existed keeps its hash; otherwise no secret matches (an empty hash), so a
// rotation whose candidate is gone never leaves the old secret working.
const applySql = `
  UPDATE client_credentials c
     SET active = $2, scopes = $3, revision = $4, updated_at = $5,
         secret_hash = CASE
           WHEN c.secret_event_id IS NOT DISTINCT FROM $6::uuid THEN c.secret_hash
           ELSE coalesce(
             (SELECT s.secret_hash FROM client_secret_candidates s
               WHERE s.client_id = c.client_id AND s.event_id = $6::uuid),
             CASE WHEN c.secret_event_id IS NULL THEN c.secret_hash ELSE '\\x'::bytea END)
         END,
         secret_event_id = $6::uuid,
         quota_limit = $7, quota_period = $8, quota_mode = $9
   WHERE c.client_id = $1 AND c.revision < $4`;

// Once the row is at or past a secret event, that event's candidate has
// served (it was copied, or a later secret replaced it). Candidates of
// appends that never happened are dropped after a day.
const settleSql = `
  DELETE FROM client_secret_candidates
   WHERE client_id = $1
     AND (event_id = ANY($2::uuid[]) OR created_at < now() - interval '1 day')`;

export async function applyLoggedCredentials(
  pool: Pool,
  clientId: string,
  logged: LoggedCredentials,
  now: Date,
): Promise<void> {
  await run(() =>
    pool.query(applySql, [
      clientId,
      logged.active,
      logged.scopes,
      logged.revision.toString(),
      now,
      logged.secretEventId,
      logged.quota?.limit ?? null,
      logged.quota?.period ?? null,
      logged.quota?.mode ?? null,
    ]),
  );
  await run(() => pool.query(settleSql, [clientId, logged.secretEventIds]));
}

export async function findClientCredentials(
  pool: Pool,
  clientId: string,
): Promise<ClientCredentials | undefined> {
  const { rows } = await run(() =>
    // Named: parsed and planned once per connection, as it runs for every token request.
    pool.query<ClientCredentialsRow>({
      name: 'find_client_credentials',
      text: `SELECT client_id, tenant_id, kind, agent_id, secret_hash, scopes, active,
                    revision::text, secret_event_id::text,
                    quota_limit::text, quota_period, quota_mode
               FROM client_credentials WHERE client_id = $1`,
      values: [clientId],
    }),
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    clientId: row.client_id,
    tenantId: row.tenant_id,
    kind: row.kind,
    agentId: row.agent_id,
    secretHash: row.secret_hash,
    scopes: row.scopes,
    active: row.active,
    revision: BigInt(row.revision),
    secretEventId: row.secret_event_id,
    quota:
      row.quota_limit !== null && row.quota_period !== null && row.quota_mode !== null
        ? { limit: Number(row.quota_limit), period: row.quota_period, mode: row.quota_mode }
        : null,
  };
}

async function run<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    const mapped = toStoreError(error);
    if (mapped instanceof EventStoreUnavailableError) {
      throw new ServiceUnavailableError('The credential store is unavailable');
    }
    throw mapped;
  }
}
