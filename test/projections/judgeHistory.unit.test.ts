import { describe, expect, it } from '@jest/globals';
import {
  judgeHistory,
  type CountedHour,
} from '../../src/readModels/agentAnomalies/judgeHistory.js';

const hourMs = 3_600_000;
const weekMs = 7 * 24 * hourMs;
const start = Date.parse('2026-01-05T10:00:00.000Z');

// Five weeks of one busy hour for each agent; the fifth week brings a spike
// for the first agent, and the tenant's latest hour is a later one.
function history(agentIds: readonly string[]): CountedHour[] {
  return agentIds.flatMap((agentId, index) =>
    Array.from({ length: 5 }, (_, week) => ({
      agentId,
      hour: start + week * weekMs + index * hourMs,
      issued: week === 4 && index === 0 ? 60 : 6,
      rejected: 0,
    })),
  );
}

describe('judging a counted history at once', () => {
  const agents = ['a', 'b', 'c'];
  const rows = history(agents);
  const span = { earliest: start, latest: start + 4 * weekMs + 2 * hourMs };

  it('finds the spike in the closed hours, and judges agents alone as together', () => {
    const together = judgeHistory(rows, span);
    expect(
      together.map(({ agentId, hour, findings }) => [agentId, hour, findings[0]?.kind]),
    ).toEqual([['a', start + 4 * weekMs, 'spike']]);
    const apart = agents.flatMap((agentId) =>
      judgeHistory(
        rows.filter((row) => row.agentId === agentId),
        span,
      ),
    );
    expect(apart).toEqual(together);
  });

  it('leaves the tenant latest hour unjudged: it has not closed', () => {
    expect(judgeHistory(rows, { ...span, latest: start + 4 * weekMs })).toEqual([]);
  });
});
