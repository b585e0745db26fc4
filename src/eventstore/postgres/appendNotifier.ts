import { listenToChannel, type ChannelListener } from '../../db/listenChannel.js';
import type { Pool } from '../../db/pool.js';

export const appendChannel = 'events_appended';

// NOTIFY inside the append transaction would take Postgres' global notify lock
// at every commit; instead writers send at most one NOTIFY per interval after
// their appends commit. Readers poll as well, so a lost notification only
// delays delivery. Every notification makes each live subscriber read the log,
// so under steady appends a shorter interval buys little besides more reads
// of a few events each.
export function createAppendNotifier(pool: Pool, intervalMs = 50): { notify(): void } {
  let scheduled = false;
  return {
    notify() {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        pool.query(`SELECT pg_notify($1, '')`, [appendChannel]).catch(() => {});
      }, intervalMs).unref();
    },
  };
}

/** A dedicated connection that LISTENs and calls onWake for every notification; reconnects on loss. */
export function listenForAppends(connectionString: string, onWake: () => void): ChannelListener {
  return listenToChannel(connectionString, appendChannel, onWake);
}
