import { ConflictError, NotFoundError } from '../../errors.js';
import type { DomainEventData } from '../../events/schemas.js';
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

export type TenantCommand = CreateTenant | RotateTenantAdminSecret;

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
