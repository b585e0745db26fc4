import { describe, expect, it } from '@jest/globals';
import { tenantDecider, type TenantCommand } from '../../src/commands/tenants/decideTenant.js';
import { deciderSpecification } from '../support/deciderSpecification.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const adminClientId = 'adm_0123456789abcdef0123456789abcdef';

const given = deciderSpecification(tenantDecider);

const create: TenantCommand = { type: 'CreateTenant', tenantId, name: 'Acme', adminClientId };

describe('tenant decider', () => {
  it('creates a tenant with its admin client', () => {
    given([])
      .when(create)
      .then([
        { type: 'TenantCreated', data: { tenantId, name: 'Acme' } },
        { type: 'TenantAdminClientIssued', data: { tenantId, clientId: adminClientId } },
      ]);
  });

  it('refuses to create a tenant twice', () => {
    const history = given([]).when(create).events();
    given(history)
      .when(create)
      .thenThrows(expect.objectContaining({ status: 409 }));
  });

  it('rotates the admin secret of an existing tenant', () => {
    const history = given([]).when(create).events();
    given(history)
      .when({ type: 'RotateTenantAdminSecret' })
      .then([{ type: 'TenantAdminSecretRotated', data: { tenantId, clientId: adminClientId } }]);
  });

  it('answers 404 when rotating for an unknown tenant', () => {
    given([])
      .when({ type: 'RotateTenantAdminSecret' })
      .thenThrows(expect.objectContaining({ status: 404 }));
  });
});
