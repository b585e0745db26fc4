import { describe, expect, it } from '@jest/globals';
import { eventSchemas } from '../../src/events/schemas.js';
import { passesQuickCheck } from '../../src/projections/quickDataCheck.js';

const valid = {
  tenantId: '3f0c2b9e-8d1a-4c5e-9b7f-0a1b2c3d4e5f',
  agentId: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
  clientId: 'agt_0123456789abcdef0123',
  jti: '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f',
  scopes: ['read:reports', 'write:agents'],
  expiresAt: '2030-01-01T00:00:00.000Z',
};

// Each a way token data can break its schema, or stay within it.
const variants: Array<[string, unknown]> = [
  ['valid', valid],
  ['admin token', { ...valid, agentId: null }],
  ['no scopes', { ...valid, scopes: [] }],
  ['nil uuid', { ...valid, jti: '00000000-0000-0000-0000-000000000000' }],
  ['instant without milliseconds', { ...valid, expiresAt: '2030-01-01T00:00:00Z' }],
  ['extra key', { ...valid, secret: 'x' }],
  ['missing key', { ...valid, jti: undefined }],
  ['key named __proto__', JSON.parse(`{"__proto__":1,${JSON.stringify(valid).slice(1)}`)],
  ['agent not a uuid', { ...valid, agentId: 'x' }],
  ['uuid of an unknown variant', { ...valid, jti: '0f1e2d3c-4b5a-4968-c776-5a4b3c2d1e0f' }],
  ['tenant a number', { ...valid, tenantId: 7 }],
  ['client of another shape', { ...valid, clientId: 'usr_0123456789abcdef0123' }],
  ['scope with a space', { ...valid, scopes: ['read reports'] }],
  ['scope not a string', { ...valid, scopes: [1] }],
  ['too many scopes', { ...valid, scopes: Array.from({ length: 51 }, (_, i) => `s${i}`) }],
  ['scopes not an array', { ...valid, scopes: 'read' }],
  ['instant with an offset', { ...valid, expiresAt: '2030-01-01T00:00:00+01:00' }],
  ['instant on no real day', { ...valid, expiresAt: '2030-02-30T00:00:00.000Z' }],
  ['null data', null],
  ['an array', [valid]],
];

describe('the quick check of token data', () => {
  it.each(variants)('accepts only what the schema accepts unchanged: %s', (_, data) => {
    const parsed = eventSchemas.TokenIssued.schema.safeParse(data);
    const quick = passesQuickCheck('TokenIssued', data);
    if (quick) expect(parsed).toEqual({ success: true, data });
    expect(quick).toBe(parsed.success);
  });

  it('leaves every other type to its schema', () => {
    expect(passesQuickCheck('TokenRevoked', { ...valid, revokedBy: valid.clientId })).toBe(false);
  });
});
