import { summarizeLatencies, type LatencySummary } from '../../lib/stats.js';
import type { LagSample } from './projectionLag.js';

// Lag samples summarised per projection, and for `all`: the worst projection
// at each sampling instant.

export interface LagSummary {
  secondsBehind: LatencySummary;
  eventsBehind: LatencySummary;
}

function summarizeLag(samples: readonly LagSample[]): LagSummary {
  return {
    secondsBehind: summarizeLatencies(samples.map((s) => s.secondsBehind)),
    eventsBehind: summarizeLatencies(samples.map((s) => s.eventsBehind)),
  };
}

function worstPerInstant(samples: readonly LagSample[]): LagSample[] {
  const byInstant = new Map<number, LagSample>();
  for (const sample of samples) {
    const worst = byInstant.get(sample.at);
    byInstant.set(sample.at, {
      at: sample.at,
      projection: 'all',
      eventsBehind: Math.max(worst?.eventsBehind ?? 0, sample.eventsBehind),
      secondsBehind: Math.max(worst?.secondsBehind ?? 0, sample.secondsBehind),
    });
  }
  return [...byInstant.values()];
}

/** `dailyMetrics` first, then `all`, then the other projections. */
export function lagByProjection(
  samples: readonly LagSample[],
  projections: readonly string[],
): Record<string, LagSummary> {
  const lag: Record<string, LagSummary> = {
    dailyMetrics: summarizeLag(samples.filter((s) => s.projection === 'dailyMetrics')),
    all: summarizeLag(worstPerInstant(samples)),
  };
  for (const name of projections) {
    if (name !== 'dailyMetrics')
      lag[name] = summarizeLag(samples.filter((s) => s.projection === name));
  }
  return lag;
}
