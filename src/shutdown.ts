import type { Logger } from './logger.js';

export interface Shutdown {
  /** Steps run once when a stop signal arrives, last added first (what started last stops first). */
  add(step: () => Promise<void>): void;
  /** Where shutdown is reported once a logger exists. */
  useLogger(logger: Logger): void;
}

// Installed by the entry points before anything heavy even loads, so a
// SIGTERM during start-up is a clean stop of what exists so far rather than
// the default abrupt exit. A second signal exits at once.
export function handleShutdownSignals(): Shutdown {
  const steps: Array<() => Promise<void>> = [];
  let logger: Pick<Logger, 'info' | 'warn' | 'error'> | undefined;
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger?.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger?.info({ signal }, 'shutting down');
    void (async () => {
      for (const step of steps) {
        await step().catch((error: unknown) =>
          logger?.error({ err: error }, 'shutdown step failed'),
        );
      }
      logger?.info('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    add: (step) => steps.unshift(step),
    useLogger: (next) => {
      logger = next;
    },
  };
}
