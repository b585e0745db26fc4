import { describe, expect, it } from '@jest/globals';
import {
  agentIdOf,
  auditQueryString,
  inputFromInstant,
  instantFromInput,
  parseAuditFilters,
  readAuditRequest,
} from '../../portal/lib/auditFilters.js';

const agent = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('audit filters in the URL', () => {
  it('keeps valid filters and drops invalid ones', () => {
    const params = new URLSearchParams({
      agent_id: agent.toUpperCase(),
      type: 'TokenIssued',
      from: '2026-03-14T00:00:00Z',
      to: 'yesterday',
    });
    expect(parseAuditFilters(params)).toEqual({
      agentId: agent,
      type: 'TokenIssued',
      from: '2026-03-14T00:00:00Z',
    });
    expect(parseAuditFilters(new URLSearchParams('type=Secret&agent_id=1'))).toEqual({});
  });

  it('writes them back in a fixed order, only those set', () => {
    expect(auditQueryString({ to: '2026-03-15T00:00:00Z', agentId: agent })).toBe(
      `agent_id=${agent}&to=2026-03-15T00%3A00%3A00Z`,
    );
    expect(auditQueryString({})).toBe('');
  });

  it('refuses an unknown, repeated or invalid parameter on the portal route, naming it', () => {
    expect(readAuditRequest(new URLSearchParams('tenant_id=x'))).toEqual({
      ok: false,
      field: 'tenant_id',
    });
    expect(readAuditRequest(new URLSearchParams('type=TokenIssued&type=AgentUpdated'))).toEqual({
      ok: false,
      field: 'type',
    });
    expect(readAuditRequest(new URLSearchParams('from=soon'))).toEqual({
      ok: false,
      field: 'from',
    });
    expect(readAuditRequest(new URLSearchParams('cursor=a%20b'))).toEqual({
      ok: false,
      field: 'cursor',
    });
    expect(readAuditRequest(new URLSearchParams('format=ndjson'))).toEqual({
      ok: false,
      field: 'format',
    });
    expect(
      readAuditRequest(new URLSearchParams(`agent_id=${agent}&cursor=abc_-1&format=csv`)),
    ).toEqual({ ok: true, filters: { agentId: agent }, cursor: 'abc_-1', format: 'csv' });
  });

  it('reads datetime-local values as UTC and back', () => {
    expect(instantFromInput('2026-03-14T09:30')).toBe('2026-03-14T09:30:00Z');
    expect(instantFromInput('')).toBeUndefined();
    expect(inputFromInstant('2026-03-14T09:30:00Z')).toBe('2026-03-14T09:30');
    expect(inputFromInstant('2026-03-14T11:30:00+02:00')).toBe('2026-03-14T09:30');
    expect(inputFromInstant(undefined)).toBe('');
  });

  it('finds the agent an event is about in its data', () => {
    expect(agentIdOf({ agentId: agent, name: 'x' })).toBe(agent);
    expect(agentIdOf({ tenantId: agent })).toBeUndefined();
    expect(agentIdOf({ agentId: 'javascript:alert(1)' })).toBeUndefined();
  });
});
