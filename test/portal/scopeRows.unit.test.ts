import { describe, expect, it } from '@jest/globals';
import { scopeRows } from '../../portal/lib/scopeRows.js';

describe('scope rows', () => {
  it('lists granted scopes in order, then scopes used but no longer granted', () => {
    const rows = scopeRows({
      agent_id: '6f1b2c3d-1111-4222-8333-444455556666',
      name: 'bot',
      granted: ['tickets:write', 'tickets:read'],
      used: { 'tickets:read': 12, 'billing:read': 3, 'audit:read': 1 },
      unused: ['tickets:write'],
    });
    expect(rows).toEqual([
      { scope: 'tickets:write', granted: true, tokens: 0, status: 'unused' },
      { scope: 'tickets:read', granted: true, tokens: 12, status: 'used' },
      { scope: 'audit:read', granted: false, tokens: 1, status: 'no longer granted' },
      { scope: 'billing:read', granted: false, tokens: 3, status: 'no longer granted' },
    ]);
  });
});
