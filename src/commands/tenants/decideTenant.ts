import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { DomainEventData } from '../../events/schemas.js';
import { reportingTimeZone } from '../../timeZones/reportingTimeZone.js';
import { unknownTimeZone } from './timeZoneName.js';
import type { Decider } from '../handleCommand.js';
import { evolveTenant, initialTenantState, type TenantState } from './tenantState.js';

export interface CreateTenant {
  type: 'CreateTenant';
  tenantId: string;
  name: string;
  adminClientId: string;
}

export interface RotateTenantAdminSecret {
  type: 'RotateTenantAdminSecret';
}

/** Sets the zone the tenant's figures are reported in; `timeZone` as the admin typed it. */
export interface ChangeTenantTimeZone {
  type: 'ChangeTenantTimeZone';
  timeZone: string;
}

export type TenantCommand = CreateTenant | RotateTenantAdminSecret | ChangeTenantTimeZone;

export function decideTenant(command: TenantCommand, state: TenantState): DomainEventData[] {
  switch (command.type) {
    case 'CreateTenant': {
      if (state.status !== 'absent') throw new ConflictError('The tenant already exists');
      const { tenantId, name, adminClientId } = command;
      return [
        { type: 'TenantCreated', data: { tenantId, name } },
        { type: 'TenantAdminClientIssued', data: { tenantId, clientId: adminClientId } },
      ];
    }
    case 'RotateTenantAdminSecret': {
      if (state.status === 'absent') throw new NotFoundError('No such tenant');
      if (!state.adminClientId) throw new ConflictError('The tenant has no admin client');
      return [
        {
          type: 'TenantAdminSecretRotated',
          data: { tenantId: state.tenantId, clientId: state.adminClientId },
        },
      ];
    }
    case 'ChangeTenantTimeZone': {
      if (state.status === 'absent') throw new NotFoundError('No such tenant');
      const timeZone = reportingTimeZone(command.timeZone);
      if (timeZone === undefined) {
        throw new ValidationError([{ field: 'time_zone', message: unknownTimeZone }]);
      }
      if (timeZone === state.timeZone) return [];
      return [{ type: 'TenantTimeZoneChanged', data: { tenantId: state.tenantId, timeZone } }];
    }
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}

export const tenantDecider: Decider<TenantState, TenantCommand> = {
  initialState: initialTenantState,
  evolve: evolveTenant,
  decide: decideTenant,
};
