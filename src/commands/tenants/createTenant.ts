import { randomUUID } from 'node:crypto';
import { streamNames } from '../../events/streams.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { hashClientSecret, newClientId, newClientSecret } from '../credentials/clientSecrets.js';
import { syncCredentials } from '../credentials/followLog.js';
import { appendFollowedByRow } from '../credentials/followedAppend.js';
import { appendWithPendingCredentials } from '../credentials/pendingCredentials.js';
import { handleCommand } from '../handleCommand.js';
import { tenantDecider } from './decideTenant.js';

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

// Same write order as agent registration: an inactive credentials row, the
// events, then the row from the log.
export async function createTenant(
  deps: CommandDeps,
  input: CreateTenantInput,
): Promise<CreatedTenant> {
  const tenantId = randomUUID();
  const adminClientId = newClientId('admin');
  const adminClientSecret = newClientSecret();
  const origin = {
    actor: input.origin.actor,
    correlationId: input.origin.correlationId ?? tenantId,
  };
  const streamName = streamNames.tenant(tenantId);
  await handleCommand(
    tenantDecider,
    { type: 'CreateTenant', tenantId, name: input.name, adminClientId },
    {
      ...deps,
      streamName,
      tenantId,
      origin,
      newStream: true,
      append: ({ newEvents, expectedRevision, now }) =>
        appendWithPendingCredentials(
          deps.pool,
          {
            clientId: adminClientId,
            tenantId,
            kind: 'admin',
            agentId: null,
            secretHash: hashClientSecret(adminClientSecret),
            scopes: [],
            // TenantAdminClientIssued gives the admin client its first secret.
            secretEventId: (newEvents.at(-1) as { id: string }).id,
          },
          now,
          () =>
            appendFollowedByRow(
              deps,
              { clientId: adminClientId, streamName },
              newEvents,
              expectedRevision,
            ),
        ),
    },
  );
  await syncCredentials(deps, { clientId: adminClientId, streamName });
  return { tenantId, name: input.name, adminClientId, adminClientSecret };
}
