import { describe, expect, it } from '@jest/globals';
import {
  foldCredentials,
  type LoggedEvent,
} from '../../src/commands/credentials/credentialsFold.js';

const tenantId = '6f1c2b8e-1d7a-4c3e-9b1a-2f4d5e6a7b8c';
const agentId = '7a6b5c4d-3e2f-4100-8a9b-0c1d2e3f4a5b';
const clientId = 'agt_0123456789abcdef0123456789abcdef';

function stream(...events: [string, object][]): LoggedEvent[] {
  return events.map(([type, data], index) => ({
    id: `e${index}`,
    streamRevision: BigInt(index),
    type,
    data: { tenantId, agentId, ...data },
  }));
}

describe('credentials folded from a stream', () => {
  it('follows registration, scope changes, rotations and deactivation', () => {
    const events = stream(
      ['AgentRegistered', { clientId, name: 'a', description: null, scopes: ['x'] }],
      ['AgentUpdated', { name: 'b' }],
      ['AgentSecretRotated', { clientId }],
      ['AgentUpdated', { scopes: ['x', 'y'] }],
      ['AgentSecretRotated', { clientId }],
    );
    expect(foldCredentials(events, clientId)).toEqual({
      revision: 4n,
      active: true,
      scopes: ['x', 'y'],
      secretEventId: 'e4',
      secretEventIds: ['e0', 'e2', 'e4'],
      quota: null,
    });
    const deactivated = [
      ...events,
      ...stream(['AgentDeactivated', { reason: null }]).map((e) => ({
        ...e,
        id: 'e5',
        streamRevision: 5n,
      })),
    ];
    expect(foldCredentials(deactivated, clientId)).toMatchObject({ revision: 5n, active: false });
  });

  it('gives a tenant admin client its secret from issue and rotation events', () => {
    const adminId = 'adm_0123456789abcdef0123456789abcdef';
    const events = stream(
      ['TenantCreated', { name: 'Acme' }],
      ['TenantAdminClientIssued', { clientId: adminId }],
      ['TenantAdminSecretRotated', { clientId: adminId }],
    ).map(({ data, ...rest }) => ({ ...rest, data: { ...(data as object), agentId: undefined } }));
    expect(foldCredentials(events, adminId)).toEqual({
      revision: 2n,
      active: true,
      scopes: [],
      secretEventId: 'e2',
      secretEventIds: ['e1', 'e2'],
      quota: null,
    });
  });

  it('carries the agent quota its stream last set, or none once removed', () => {
    const registeredWithQuota = stream(
      ['AgentRegistered', { clientId, name: 'a', description: null, scopes: ['x'] }],
      ['AgentQuotaSet', { limit: 10, period: 'hour', mode: 'monitor' }],
      ['AgentQuotaSet', { limit: 50, period: 'day', mode: 'enforce' }],
    );
    expect(foldCredentials(registeredWithQuota, clientId)).toMatchObject({
      revision: 2n,
      quota: { limit: 50, period: 'day', mode: 'enforce' },
    });
    const removed = stream(
      ['AgentRegistered', { clientId, name: 'a', description: null, scopes: ['x'] }],
      ['AgentQuotaSet', { limit: 10, period: 'hour', mode: 'monitor' }],
      ['AgentQuotaRemoved', {}],
    );
    expect(foldCredentials(removed, clientId)).toMatchObject({ revision: 2n, quota: null });
  });

  it('knows nothing of an empty stream', () => {
    expect(foldCredentials([], clientId)).toBeUndefined();
  });
});
