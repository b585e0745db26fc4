import { describe, expect, it } from '@jest/globals';
import { agentPagePath, isAgentId } from '../../portal/lib/agentPage.js';
import { auditEventSummary, formatEventTime } from '../../portal/lib/auditEventSummary.js';

const id = '6F1B2C3D-1111-4222-8333-444455556666';

describe('the agent page', () => {
  it('takes only UUIDs and links in lower case', () => {
    expect(isAgentId(id)).toBe(true);
    for (const bad of ['', 'abc', `${id}x`, '../analytics', null, undefined]) {
      expect(isAgentId(bad)).toBe(false);
    }
    expect(agentPagePath(id)).toBe('/analytics/agents/6f1b2c3d-1111-4222-8333-444455556666');
  });

  it('summarises each event in one line, in UTC', () => {
    const event = (type: string, data: Record<string, unknown>) => ({
      id,
      type,
      occurred_at: '2026-11-24T14:03:07.000Z',
      actor: { type: 'agent', id: 'agt_x' },
      data,
    });
    expect(auditEventSummary(event('TokenIssued', { scopes: ['a', 'b'] }))).toBe('scopes: a b');
    expect(auditEventSummary(event('TokenIssued', { scopes: [] }))).toBe('scopes: none');
    expect(
      auditEventSummary(
        event('TokenRequestRejected', {
          error: 'invalid_client',
          reason: 'client secret mismatch',
        }),
      ),
    ).toBe('invalid_client: client secret mismatch');
    expect(
      auditEventSummary(
        event('AgentUpdated', { tenantId: id, agentId: id, name: 'x', scopes: [] }),
      ),
    ).toBe('changed: name, scopes');
    expect(auditEventSummary(event('SomethingNew', {}))).toBe('');
    expect(formatEventTime('2026-11-24T14:03:07.000Z')).toBe('Nov 24, 14:03:07 UTC');
  });
});
