import { describe, expect, it } from '@jest/globals';
import { InvalidEventError } from '../../src/eventstore/errors.js';
import { upcast, type UpcastRegistry } from '../../src/events/registry.js';

// A registry where TenantCreated is at version 3: v1 had `title`, v2 renamed
// it to `name`, v3 added `plan`.
const registry: UpcastRegistry = {
  currentVersion: (type) => (type === 'TenantCreated' ? 3 : undefined),
  steps: {
    'TenantCreated@1': (data) => {
      const { title, ...rest } = data as { title: string };
      return { ...rest, name: title };
    },
    'TenantCreated@2': (data) => ({ ...(data as object), plan: 'free' }),
  },
};

describe('upcast', () => {
  it('lifts old data step by step to the current version', () => {
    expect(upcast('TenantCreated', 1, { tenantId: 't', title: 'Acme' }, registry)).toEqual({
      version: 3,
      data: { tenantId: 't', name: 'Acme', plan: 'free' },
    });
    expect(upcast('TenantCreated', 2, { name: 'Acme' }, registry)).toEqual({
      version: 3,
      data: { name: 'Acme', plan: 'free' },
    });
  });

  it('leaves current data and unknown types untouched', () => {
    const data = { name: 'Acme', plan: 'pro' };
    expect(upcast('TenantCreated', 3, data, registry)).toEqual({ version: 3, data });
    expect(upcast('Retired', 1, data, registry)).toEqual({ version: 1, data });
  });

  it('fails loudly when a step is missing', () => {
    const gap: UpcastRegistry = { ...registry, steps: { 'TenantCreated@1': (d) => d } };
    expect(() => upcast('TenantCreated', 1, {}, gap)).toThrow(InvalidEventError);
  });

  it('uses the real registry by default: every type is current at version 1', () => {
    expect(upcast('TokenIssued', 1, { a: 1 })).toEqual({ version: 1, data: { a: 1 } });
  });
});
