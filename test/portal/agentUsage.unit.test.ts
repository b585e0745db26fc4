import { describe, expect, it } from '@jest/globals';
import {
  agentLabel,
  DEFAULT_USAGE_SORT,
  nextSort,
  sortUsage,
  totalTokens,
  withShares,
} from '../../portal/lib/agentUsage.js';

const agents = [
  { agent_id: 'id-1', name: 'billing', token_count: 60 },
  { agent_id: 'id-2', name: 'Support', token_count: 30 },
  { agent_id: 'id-3', name: 'audit', token_count: 10 },
  { agent_id: 'id-4', name: 'zeta', token_count: 0 },
];

describe('withShares and totalTokens', () => {
  it('gives each agent its fraction of the total', () => {
    expect(totalTokens(agents)).toBe(100);
    expect(withShares(agents).map((row) => row.share)).toEqual([0.6, 0.3, 0.1, 0]);
  });

  it('uses share 0 when nothing was issued', () => {
    expect(withShares([{ agent_id: 'x', name: 'x', token_count: 0 }])[0]?.share).toBe(0);
  });
});

describe('sortUsage', () => {
  const rows = withShares(agents);
  const names = (sorted: typeof rows) => sorted.map((row) => row.name);

  it('sorts by tokens, descending by default', () => {
    expect(names(sortUsage(rows, DEFAULT_USAGE_SORT))).toEqual([
      'billing',
      'Support',
      'audit',
      'zeta',
    ]);
  });

  it('sorts names case-insensitively', () => {
    expect(names(sortUsage(rows, { key: 'name', direction: 'ascending' }))).toEqual([
      'audit',
      'billing',
      'Support',
      'zeta',
    ]);
  });

  it('breaks ties by name so the order is stable between refreshes', () => {
    const tied = withShares([
      { agent_id: 'b', name: 'beta', token_count: 5 },
      { agent_id: 'a', name: 'alpha', token_count: 5 },
    ]);
    expect(names(sortUsage(tied, { key: 'token_count', direction: 'descending' }))).toEqual([
      'alpha',
      'beta',
    ]);
  });

  it('does not mutate its input', () => {
    const before = rows.map((row) => row.agent_id);
    sortUsage(rows, { key: 'share', direction: 'ascending' });
    expect(rows.map((row) => row.agent_id)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('flips the active column and starts a new one in its natural direction', () => {
    expect(nextSort(DEFAULT_USAGE_SORT, 'token_count')).toEqual({
      key: 'token_count',
      direction: 'ascending',
    });
    expect(nextSort(DEFAULT_USAGE_SORT, 'name')).toEqual({ key: 'name', direction: 'ascending' });
    expect(nextSort({ key: 'name', direction: 'ascending' }, 'share')).toEqual({
      key: 'share',
      direction: 'descending',
    });
  });
});

describe('agentLabel', () => {
  it('uses the name, or a short id when the name is unknown or empty', () => {
    expect(agentLabel('3f2b6a1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b', 'billing')).toBe('billing');
    expect(agentLabel('9d8c7b6a-5e4f-4d3c-b2a1-0f9e8d7c6b5a', undefined)).toBe('Agent 9d8c7b6a');
    expect(agentLabel('9d8c7b6a-5e4f-4d3c-b2a1-0f9e8d7c6b5a', '')).toBe('Agent 9d8c7b6a');
  });
});
