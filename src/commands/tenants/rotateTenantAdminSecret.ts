import { randomUUID } from 'node:crypto';
import { streamNames } from '../../events/streams.js';
import { NotFoundError } from '../../errors.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { hashClientSecret, newClientSecret } from '../credentials/clientSecrets.js';
import { syncCredentials } from '../credentials/followLog.js';
import { appendFollowedByRow } from '../credentials/followedAppend.js';
import { stageSecret } from '../credentials/stageSecret.js';
import { handleCommand } from '../handleCommand.js';
import { tenantDecider } from './decideTenant.js';
import type { TenantState } from './tenantState.js';

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
  const { state } = await handleCommand(
    tenantDecider,
    { type: 'RotateTenantAdminSecret' },
    {
      ...deps,
      streamName,
      tenantId: input.tenantId,
      origin,
      accept: (loaded) => {
        if (loaded.state.status === 'absent' || loaded.revision === 'no_stream') {
          throw new NotFoundError('No such tenant');
        }
      },
      append: ({ newEvents, state, expectedRevision }) =>
        stageSecret(deps.pool, adminClientOf(state), secretHash, newEvents, () =>
          appendFollowedByRow(
            deps,
            { clientId: adminClientOf(state), streamName },
            newEvents,
            expectedRevision,
          ),
        ),
    },
  );
  const adminClientId = adminClientOf(state);
  await syncCredentials(deps, { clientId: adminClientId, streamName });
  return { tenantId: input.tenantId, adminClientId, adminClientSecret };
}

function adminClientOf(state: TenantState): string {
  return (state as { adminClientId: string }).adminClientId;
}
