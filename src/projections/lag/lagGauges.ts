import { Gauge, type Registry } from 'prom-client';
import type { ProjectionLag } from './measureLag.js';

/** Registers the projection gauges; each scrape measures lag once for all of them. */
export function registerProjectionGauges(
  registry: Registry,
  measure: () => Promise<ProjectionLag[]>,
): void {
  // A scrape collects the gauges in registration order: the first one starts
  // a fresh measurement and the others share it.
  let current: Promise<ProjectionLag[]> = Promise.resolve([]);
  let first = true;
  const gauge = (name: string, help: string, value: (lag: ProjectionLag) => number): void => {
    const startsScrape = first;
    first = false;
    new Gauge({
      name,
      help,
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        this.reset();
        if (startsScrape) current = measure();
        for (const lag of await current) this.set({ projection: lag.projection }, value(lag));
      },
    });
  };
  gauge(
    'projection_events_behind',
    'Events after the checkpoint (capped scan)',
    (l) => l.eventsBehind,
  );
  gauge(
    'projection_seconds_behind',
    'Age in seconds of the oldest event not yet projected',
    (l) => l.secondsBehind,
  );
  gauge(
    'projection_events_processed',
    'Events the projection has passed',
    (l) => l.eventsProcessed,
  );
  gauge('projection_parked_events', 'Poison events parked', (l) => l.parkedEvents);
  gauge('projection_failing', '1 while the last batch failed', (l) => (l.lastError ? 1 : 0));
}
