import { describe, expect, it } from '@jest/globals';
import { agentOptions } from '../../portal/lib/agentOptions.js';

describe('agentOptions', () => {
  it('offers every named agent and any agent seen only in activity, sorted by label', () => {
    const options = agentOptions(
      [
        { agent_id: 'id-b', name: 'beta', token_count: 3 },
        { agent_id: 'id-a', name: 'Alpha', token_count: 9 },
      ],
      [
        { agent_id: 'id-a', dow: 1, hour: 2, count: 1 },
        { agent_id: 'ffffeeee-dddd', dow: 1, hour: 2, count: 1 },
      ],
    );
    expect(options).toEqual([
      { id: 'ffffeeee-dddd', label: 'Agent ffffeeee' },
      { id: 'id-a', label: 'Alpha' },
      { id: 'id-b', label: 'beta' },
    ]);
  });

  it('is empty when there is nothing', () => {
    expect(agentOptions([], [])).toEqual([]);
  });
});
