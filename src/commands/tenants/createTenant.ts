import { randomUUID } from 'node:crypto';
import { streamNames } from '../../eventstore/events/streams.js';
import { toNewEvents } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import {
  deleteClientCredentials,
  insertClientCredentials,
} from '../credentials/clientCredentials.js';
import { hashClientSecret, newClientId, newClientSecret } from '../credentials/clientSecrets.js';
import { decideTenant } from './decideTenant.js';
import { initialTenantState } from './tenantState.js';

export interface CreateTenantInput {
  name: string;
  origin: Omit<CommandOrigin, 'correlationId'> & { correlationId?: string };
}

export interface CreatedTenant {
  tenantId: string;
  name: string;
  adminClientId: string;
  /** Returned once, here; only its hash is stored. */
  adminClientSecret: string;
}

// Same write order as agent registration: credentials row, then the events.
export async function createTenant(
  deps: CommandDeps,
  input: CreateTenantInput,
): Promise<CreatedTenant> {
  const now = deps.clock.now();
  const tenantId = randomUUID();
  const adminClientId = newClientId('admin');
  const adminClientSecret = newClientSecret();
  const events = decideTenant(
    { type: 'CreateTenant', tenantId, name: input.name, adminClientId },
    initialTenantState,
  );
  await insertClientCredentials(
    deps.pool,
    {
      clientId: adminClientId,
      tenantId,
      kind: 'admin',
      agentId: null,
      secretHash: hashClientSecret(adminClientSecret),
      scopes: [],
    },
    now,
  );
  const origin = {
    actor: input.origin.actor,
    correlationId: input.origin.correlationId ?? tenantId,
  };
  try {
    await deps.eventStore.appendToStream(
      streamNames.tenant(tenantId),
      toNewEvents(events, tenantId, origin, now),
      { expectedRevision: 'no_stream' },
    );
  } catch (error) {
    await deleteClientCredentials(deps.pool, adminClientId).catch(() => {});
    throw error;
  }
  return { tenantId, name: input.name, adminClientId, adminClientSecret };
}
