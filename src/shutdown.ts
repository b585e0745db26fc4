import type { Logger } from './logger.js';

// Runs the given steps once, in order, on SIGTERM or SIGINT; a second signal exits at once.
export function onShutdownSignal(logger: Logger, steps: Array<() => Promise<void>>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void (async () => {
      for (const step of steps) {
        await step().catch((error: unknown) =>
          logger.error({ err: error }, 'shutdown step failed'),
        );
      }
      logger.info('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
