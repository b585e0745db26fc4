import { randomUUID } from 'node:crypto';
import { streamNames } from '../../eventstore/events/streams.js';
import { NotFoundError } from '../../errors.js';
import { appendWithOutcome, withEventIds } from '../appendOutcome.js';
import { toNewEvents, withConcurrencyRetry } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { hashClientSecret, newClientSecret } from '../credentials/clientSecrets.js';
import { syncCredentials } from '../credentials/followLog.js';
import { stageSecret } from '../credentials/stageSecret.js';
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

// Like agent secret rotation: the new hash is staged under the rotation
// event's id and the row takes it over from the log.
export async function rotateTenantAdminSecret(
  deps: CommandDeps,
  input: RotateTenantAdminSecretInput,
): Promise<RotatedTenantAdminSecret> {
  const adminClientSecret = newClientSecret();
  const secretHash = hashClientSecret(adminClientSecret);
  const origin = {
    actor: input.origin.actor,
    correlationId: input.origin.correlationId ?? randomUUID(),
  };
  const streamName = streamNames.tenant(input.tenantId);
  const adminClientId = await withConcurrencyRetry(undefined, async () => {
    const loaded = await loadTenant(deps.eventStore, input.tenantId);
    if (loaded.state.status === 'absent' || loaded.revision === 'no_stream') {
      throw new NotFoundError('No such tenant');
    }
    const events = decideTenant({ type: 'RotateTenantAdminSecret' }, loaded.state);
    const clientId = loaded.state.adminClientId as string;
    const newEvents = withEventIds(toNewEvents(events, input.tenantId, origin, deps.clock.now()));
    const expected = loaded.revision;
    await stageSecret(deps.pool, clientId, secretHash, newEvents, () =>
      appendWithOutcome(deps.eventStore, streamName, newEvents, expected),
    );
    return clientId;
  });
  await syncCredentials(deps, { clientId: adminClientId, streamName });
  return { tenantId: input.tenantId, adminClientId, adminClientSecret };
}
