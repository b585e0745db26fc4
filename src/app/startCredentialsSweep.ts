import { settleFollowUps } from '../commands/credentials/settleFollowUps.js';
import type { Runtime } from './runtime.js';

export interface CredentialsSweep {
  /** One round, after any round in progress. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

// A command answers within seconds; a record older than this was left by one
// that stopped after its append (or whose append never happened).
const settleAfterMs = 10_000;

/** Brings credentials rows up to their streams where commands stopped after their append. */
export function startCredentialsSweep(
  runtime: Pick<Runtime, 'config' | 'logger' | 'pool' | 'eventStore' | 'clock'>,
): CredentialsSweep {
  const round = async (): Promise<void> => {
    while ((await settleFollowUps(runtime, { olderThanMs: settleAfterMs, limit: 100 })) === 100);
  };
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const next = () =>
    (running = running
      .then(() => (stopped ? undefined : round()))
      .catch((error: unknown) => runtime.logger.warn({ err: error }, 'credentials sweep failed')));
  const timer = setInterval(next, runtime.config.CREDENTIALS_SWEEP_INTERVAL_MS);
  return {
    tick: next,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
