import { syncCredentials } from '../commands/credentials/followLog.js';
import {
  settleFollowUps,
  type SettleDeps,
  type SettleOptions,
} from '../followUps/settleFollowUps.js';
import { followEndpointStream } from '../webhooks/subscriptions/followSubscriptionLog.js';
import type { Runtime } from './runtime.js';

export interface FollowUpSweep {
  /** One round, after any round in progress. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

// A command answers within seconds; a record older than this was left by one
// that stopped after its append (or whose append never happened).
const settleAfterMs = 10_000;
const limit = 100;

type SweepRuntime = Pick<Runtime, 'config' | 'logger' | 'pool' | 'eventStore' | 'clock'>;

/** One pass over the records at least `olderThanMs` old, with every kind of row wired in. */
export function followUpSettler(
  runtime: Omit<SweepRuntime, 'config'>,
): (options: SettleOptions) => Promise<number> {
  const follow: SettleDeps['follow'] = {
    credentials: ({ rowKey, streamName }) =>
      syncCredentials(runtime, { clientId: rowKey, streamName }),
    webhook: ({ rowKey, streamName }) =>
      followEndpointStream({ ...runtime, now: () => runtime.clock.now() }, rowKey, streamName),
  };
  return (options) =>
    settleFollowUps({ pool: runtime.pool, logger: runtime.logger, follow }, options);
}

/** Brings rows kept beside the log up to their streams where commands stopped after their append. */
export function startFollowUpSweep(runtime: SweepRuntime): FollowUpSweep {
  const settle = followUpSettler(runtime);
  const round = async (): Promise<void> => {
    while ((await settle({ olderThanMs: settleAfterMs, limit })) === limit);
  };
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const next = () =>
    (running = running
      .then(() => (stopped ? undefined : round()))
      .catch((error: unknown) => runtime.logger.warn({ err: error }, 'follow-up sweep failed')));
  const timer = setInterval(next, runtime.config.FOLLOW_UP_SWEEP_INTERVAL_MS);
  return {
    tick: next,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
