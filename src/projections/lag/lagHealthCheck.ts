import type { HealthCheck } from '../../http/health.js';
import type { ProjectionLag } from './measureLag.js';

// Lag and parked events are reported, not failed on: queries still answer from
// a lagging read model, so the API stays ready; alerting uses the metrics.
export function projectionLagCheck(measure: () => Promise<ProjectionLag[]>): HealthCheck {
  return {
    name: 'projections',
    run: async () => {
      const lags = await measure();
      return {
        ok: true,
        details: Object.fromEntries(
          lags.map((lag) => [
            lag.projection,
            {
              eventsBehind: lag.eventsBehind,
              eventsBehindAtLeast: lag.eventsBehindAtLeast,
              secondsBehind: lag.secondsBehind,
              parkedEvents: lag.parkedEvents,
              lastError: lag.lastError,
            },
          ]),
        ),
      };
    },
  };
}
