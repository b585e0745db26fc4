import { describe, expect, it } from '@jest/globals';
import { decideTenant, type TenantCommand } from '../../src/commands/tenants/decideTenant.js';
import { evolveTenant, initialTenantState } from '../../src/commands/tenants/tenantState.js';
import type { DomainEventData } from '../../src/eventstore/events/schemas.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const adminClientId = 'adm_0123456789abcdef0123456789abcdef';

function given(events: DomainEventData[]) {
  const state = events.reduce(evolveTenant, initialTenantState);
  return { when: (command: TenantCommand) => () => decideTenant(command, state) };
}

const create: TenantCommand = { type: 'CreateTenant', tenantId, name: 'Acme', adminClientId };

describe('tenant decider', () => {
  it('creates a tenant with its admin client', () => {
    expect(given([]).when(create)()).toEqual([
      { type: 'TenantCreated', data: { tenantId, name: 'Acme' } },
      { type: 'TenantAdminClientIssued', data: { tenantId, clientId: adminClientId } },
    ]);
  });

  it('refuses to create a tenant twice', () => {
    const history = given([]).when(create)();
    expect(given(history).when(create)).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('rotates the admin secret of an existing tenant', () => {
    const history = given([]).when(create)();
    expect(given(history).when({ type: 'RotateTenantAdminSecret' })()).toEqual([
      { type: 'TenantAdminSecretRotated', data: { tenantId, clientId: adminClientId } },
    ]);
  });

  it('answers 404 when rotating for an unknown tenant', () => {
    expect(given([]).when({ type: 'RotateTenantAdminSecret' })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });
});
