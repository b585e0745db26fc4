import type { RevisionPrecondition } from '../aggregateStream.js';
import { streamNames } from '../../events/streams.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { handleCommand } from '../handleCommand.js';
import { tenantDecider } from './decideTenant.js';
import { requireTenant, settingsOf, type TenantSettings } from './tenantSettings.js';

export interface ChangeTenantTimeZoneInput {
  tenantId: string;
  timeZone: string;
  /** From If-Match: the tenant stream revision the caller last saw. */
  precondition?: RevisionPrecondition;
  origin: CommandOrigin;
}

/** Sets the reporting time zone; the zone it already has appends nothing. */
export async function changeTenantTimeZone(
  deps: CommandDeps,
  input: ChangeTenantTimeZoneInput,
): Promise<TenantSettings> {
  const result = await handleCommand(
    tenantDecider,
    { type: 'ChangeTenantTimeZone', timeZone: input.timeZone },
    {
      ...deps,
      streamName: streamNames.tenant(input.tenantId),
      tenantId: input.tenantId,
      origin: input.origin,
      precondition: input.precondition,
      accept: requireTenant,
    },
  );
  return settingsOf(result);
}
