import { describe, expect, it } from '@jest/globals';
import type { AgentFailures, Anomaly } from '../../portal/lib/analyticsSchemas.js';
import {
  attentionItems,
  explainAnomaly,
  explainFailures,
  formatExpected,
  formatUtcHour,
} from '../../portal/lib/attention.js';

const agent = '6f1b2c3d-1111-4222-8333-444455556666';
const other = '0a0b0c0d-1111-4222-8333-444455556666';

function anomaly(overrides: Partial<Anomaly>): Anomaly {
  return {
    agent_id: agent,
    name: 'billing-bot',
    kind: 'spike',
    hour: '2026-11-24T14:00:00.000Z', // a Tuesday
    observed: 412,
    expected_low: 25,
    expected_high: 40,
    score: 9,
    ...overrides,
  };
}

describe('needs attention explanations', () => {
  it('names the UTC weekday and hour, across midnight too', () => {
    expect(formatUtcHour('2026-11-24T14:00:00.000Z')).toBe('Tue 14:00–15:00 UTC');
    expect(formatUtcHour('2026-11-24T23:00:00Z')).toBe('Tue 23:00–00:00 UTC');
    expect(formatUtcHour('2026-11-25T01:00:00+02:00')).toBe('Tue 23:00–00:00 UTC');
  });

  it('explains a spike, a drop, a new hour and a failure spike in one line', () => {
    expect(explainAnomaly(anomaly({}))).toBe('412 tokens Tue 14:00–15:00 UTC; usually 25–40');
    expect(explainAnomaly(anomaly({ kind: 'drop', observed: 0 }))).toBe(
      '0 tokens Tue 14:00–15:00 UTC; usually 25–40',
    );
    expect(
      explainAnomaly(anomaly({ kind: 'new_hour', observed: 1, expected_low: 0, expected_high: 0 })),
    ).toBe('1 token Tue 14:00–15:00 UTC; usually none at this hour');
    expect(
      explainAnomaly(
        anomaly({ kind: 'failure_spike', observed: 37, expected_low: 0, expected_high: 1.6 }),
      ),
    ).toBe('37 failed requests Tue 14:00–15:00 UTC; usually 0–2');
  });

  it('rounds expected bounds and collapses equal ones', () => {
    expect(formatExpected(24.6, 40.2)).toBe('25–40');
    expect(formatExpected(30, 30.4)).toBe('30');
    expect(formatExpected(-3, 0.2)).toBe('none');
    expect(formatExpected(1000, 2500)).toBe('1,000–2,500');
  });

  it('explains a failing agent by its most frequent reason', () => {
    const failing: AgentFailures = {
      agent_id: agent,
      name: 'billing-bot',
      failures: 37,
      by_reason: { invalid_scope: 3, invalid_client: 34 },
      last_failure_at: '2026-11-24T14:10:00.000Z',
    };
    expect(explainFailures(failing, 7)).toBe('37 failed requests in 7 days, mostly invalid_client');
    expect(explainFailures({ ...failing, failures: 1, by_reason: { rate_limited: 1 } }, 1)).toBe(
      '1 failed request in 1 day, all rate_limited',
    );
  });

  it('lists anomalies by score, then failing agents, and keeps unknown kinds', () => {
    const items = attentionItems(
      [anomaly({ score: 2, kind: 'drop' }), anomaly({ score: 8, agent_id: other, kind: 'later' })],
      [
        {
          agent_id: agent,
          name: 'billing-bot',
          failures: 5,
          by_reason: { invalid_client: 5 },
          last_failure_at: '2026-11-24T14:10:00.000Z',
        },
      ],
      7,
    );
    expect(items.map((item) => [item.agentId, item.label])).toEqual([
      [other, 'later'],
      [agent, 'Drop'],
      [agent, 'Failing'],
    ]);
    expect(new Set(items.map((item) => item.key)).size).toBe(3);
  });
});
