import { randomUUID } from 'node:crypto';
import { streamNames } from '../../eventstore/events/streams.js';
import { NotFoundError } from '../../errors.js';
import { toNewEvents, withConcurrencyRetry } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { replaceClientSecret } from '../credentials/clientCredentials.js';
import { hashClientSecret, newClientSecret } from '../credentials/clientSecrets.js';
import { decideTenant } from './decideTenant.js';
import { loadTenant } from './tenantStream.js';

export interface RotateTenantAdminSecretInput {
  tenantId: string;
  origin: Omit<CommandOrigin, 'correlationId'> & { correlationId?: string };
}

export interface RotatedTenantAdminSecret {
  tenantId: string;
  adminClientId: string;
  /** Returned once, here; only its hash is stored. */
  adminClientSecret: string;
}

// Fail-closed like agent secret rotation: the old secret is replaced before the event.
export async function rotateTenantAdminSecret(
  deps: CommandDeps,
  input: RotateTenantAdminSecretInput,
): Promise<RotatedTenantAdminSecret> {
  const adminClientSecret = newClientSecret();
  const origin = {
    actor: input.origin.actor,
    correlationId: input.origin.correlationId ?? randomUUID(),
  };
  let replaced = false;
  return withConcurrencyRetry(undefined, async () => {
    const loaded = await loadTenant(deps.eventStore, input.tenantId);
    if (loaded.state.status === 'absent' || loaded.revision === 'no_stream') {
      throw new NotFoundError('No such tenant');
    }
    const events = decideTenant({ type: 'RotateTenantAdminSecret' }, loaded.state);
    const adminClientId = loaded.state.adminClientId as string;
    const now = deps.clock.now();
    if (!replaced) {
      await replaceClientSecret(deps.pool, adminClientId, hashClientSecret(adminClientSecret), now);
      replaced = true;
    }
    await deps.eventStore.appendToStream(
      streamNames.tenant(input.tenantId),
      toNewEvents(events, input.tenantId, origin, now),
      { expectedRevision: loaded.revision },
    );
    return { tenantId: input.tenantId, adminClientId, adminClientSecret };
  });
}
