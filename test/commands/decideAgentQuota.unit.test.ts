import { describe, it } from '@jest/globals';
import { agentDecider } from '../../src/commands/agents/decideAgent.js';
import type { DomainEventData } from '../../src/events/schemas.js';
import { deciderSpecification } from '../support/deciderSpecification.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const agentId = '22222222-2222-4222-8222-222222222222';
const clientId = 'agt_0123456789abcdef0123456789abcdef';
const registered: DomainEventData = {
  type: 'AgentRegistered',
  data: { tenantId, agentId, clientId, name: 'Bot', description: null, scopes: ['a'] },
};
const deactivated: DomainEventData = {
  type: 'AgentDeactivated',
  data: { tenantId, agentId, reason: null },
};
const quotaSet = (limit: number, period: 'hour' | 'day' | 'month', mode: 'monitor' | 'enforce') =>
  ({ type: 'AgentQuotaSet', data: { tenantId, agentId, limit, period, mode } }) as const;
const quotaRemoved: DomainEventData = { type: 'AgentQuotaRemoved', data: { tenantId, agentId } };

const given = deciderSpecification(agentDecider);

describe('agent quota decider', () => {
  it('sets a quota on an active agent', () => {
    given([registered])
      .when({ type: 'SetAgentQuota', limit: 100, period: 'day', mode: 'enforce' })
      .then([quotaSet(100, 'day', 'enforce')]);
  });

  it('replaces a different quota and decides nothing for the same one', () => {
    given([registered, quotaSet(100, 'day', 'enforce')])
      .when({ type: 'SetAgentQuota', limit: 100, period: 'day', mode: 'monitor' })
      .then([quotaSet(100, 'day', 'monitor')]);
    given([registered, quotaSet(100, 'day', 'enforce')])
      .when({ type: 'SetAgentQuota', limit: 100, period: 'day', mode: 'enforce' })
      .then([]);
  });

  it('sets again after a removal', () => {
    given([registered, quotaSet(5, 'hour', 'enforce'), quotaRemoved])
      .when({ type: 'SetAgentQuota', limit: 5, period: 'hour', mode: 'enforce' })
      .then([quotaSet(5, 'hour', 'enforce')]);
  });

  it('refuses a quota for an absent or deactivated agent', () => {
    given([])
      .when({ type: 'SetAgentQuota', limit: 1, period: 'month', mode: 'monitor' })
      .thenThrows('No such agent');
    given([registered, deactivated])
      .when({ type: 'SetAgentQuota', limit: 1, period: 'month', mode: 'monitor' })
      .thenThrows('deactivated');
  });

  it('removes a quota, also of a deactivated agent; nothing when there is none', () => {
    given([registered, quotaSet(5, 'hour', 'enforce')])
      .when({ type: 'RemoveAgentQuota' })
      .then([quotaRemoved]);
    given([registered, quotaSet(5, 'hour', 'enforce'), deactivated])
      .when({ type: 'RemoveAgentQuota' })
      .then([quotaRemoved]);
    given([registered]).when({ type: 'RemoveAgentQuota' }).then([]);
    given([registered, quotaSet(5, 'hour', 'enforce'), quotaRemoved])
      .when({ type: 'RemoveAgentQuota' })
      .then([]);
    given([]).when({ type: 'RemoveAgentQuota' }).thenThrows('No such agent');
  });
});
