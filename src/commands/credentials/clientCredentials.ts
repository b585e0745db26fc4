import type { Pool } from '../../db/pool.js';
import { ServiceUnavailableError } from '../../errors.js';
import { EventStoreUnavailableError } from '../../eventstore/errors.js';
import { toStoreError } from '../../eventstore/postgres/storeErrors.js';
import type { ClientKind } from './clientSecrets.js';

// The client_credentials table: the only place secret hashes live.

export interface ClientCredentials {
  clientId: string;
  tenantId: string;
  kind: ClientKind;
  agentId: string | null;
  secretHash: Buffer;
  scopes: string[];
  active: boolean;
}

interface ClientCredentialsRow {
  client_id: string;
  tenant_id: string;
  kind: ClientKind;
  agent_id: string | null;
  secret_hash: Buffer;
  scopes: string[];
  active: boolean;
}

export async function insertClientCredentials(
  pool: Pool,
  credentials: Omit<ClientCredentials, 'active'>,
  now: Date,
): Promise<void> {
  await run(() =>
    pool.query(
      `INSERT INTO client_credentials
         (client_id, tenant_id, kind, agent_id, secret_hash, scopes, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [
        credentials.clientId,
        credentials.tenantId,
        credentials.kind,
        credentials.agentId,
        credentials.secretHash,
        credentials.scopes,
        now,
      ],
    ),
  );
}

export async function deleteClientCredentials(pool: Pool, clientId: string): Promise<void> {
  await run(() => pool.query(`DELETE FROM client_credentials WHERE client_id = $1`, [clientId]));
}

export async function findClientCredentials(
  pool: Pool,
  clientId: string,
): Promise<ClientCredentials | undefined> {
  const { rows } = await run(() =>
    // Named: parsed and planned once per connection, as it runs for every token request.
    pool.query<ClientCredentialsRow>({
      name: 'find_client_credentials',
      text: `SELECT client_id, tenant_id, kind, agent_id, secret_hash, scopes, active
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
  };
}

export async function deactivateClientCredentials(
  pool: Pool,
  clientId: string,
  now: Date,
): Promise<void> {
  await run(() =>
    pool.query(
      `UPDATE client_credentials SET active = false, updated_at = $2 WHERE client_id = $1`,
      [clientId, now],
    ),
  );
}

export async function setClientScopes(
  pool: Pool,
  clientId: string,
  scopes: readonly string[],
  now: Date,
): Promise<void> {
  await run(() =>
    pool.query(`UPDATE client_credentials SET scopes = $2, updated_at = $3 WHERE client_id = $1`, [
      clientId,
      scopes,
      now,
    ]),
  );
}

export async function replaceClientSecret(
  pool: Pool,
  clientId: string,
  secretHash: Buffer,
  now: Date,
): Promise<void> {
  await run(() =>
    pool.query(
      `UPDATE client_credentials SET secret_hash = $2, updated_at = $3 WHERE client_id = $1`,
      [clientId, secretHash, now],
    ),
  );
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
