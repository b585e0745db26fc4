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

  describe('reporting time zone', () => {
    const created = () => given([]).when(create).events();
    const changeTo = (timeZone: string): TenantCommand => ({
      type: 'ChangeTenantTimeZone',
      timeZone,
    });

    it('changes the zone with TenantTimeZoneChanged', () => {
      given(created())
        .when(changeTo('Asia/Kolkata'))
        .then([{ type: 'TenantTimeZoneChanged', data: { tenantId, timeZone: 'Asia/Kolkata' } }]);
    });

    it('stores a canonical name in its canonical spelling', () => {
      given(created())
        .when(changeTo('europe/berlin'))
        .then([{ type: 'TenantTimeZoneChanged', data: { tenantId, timeZone: 'Europe/Berlin' } }]);
    });

    it('decides nothing for UTC on a tenant that never set a zone', () => {
      given(created()).when(changeTo('UTC')).then([]);
      given(created()).when(changeTo('utc')).then([]);
    });

    it('decides nothing for the zone the tenant already has, in any case', () => {
      const history = [
        ...created(),
        { type: 'TenantTimeZoneChanged', data: { tenantId, timeZone: 'Europe/Berlin' } } as const,
      ];
      given(history).when(changeTo('Europe/Berlin')).then([]);
      given(history).when(changeTo('EUROPE/BERLIN')).then([]);
      given(history)
        .when(changeTo('UTC'))
        .then([{ type: 'TenantTimeZoneChanged', data: { tenantId, timeZone: 'UTC' } }]);
    });

    it.each(['Mars/Olympus', '+05:30', 'EST5EDT', '', `Europe/${'B'.repeat(58)}`])(
      'refuses %j with a 400 naming time_zone',
      (zone) => {
        given(created())
          .when(changeTo(zone))
          .thenThrows(
            expect.objectContaining({
              status: 400,
              errors: [expect.objectContaining({ field: 'time_zone' })],
            }),
          );
      },
    );

    it('answers 404 for an unknown tenant', () => {
      given([])
        .when(changeTo('Europe/Berlin'))
        .thenThrows(expect.objectContaining({ status: 404 }));
    });
  });
});
