import pg from 'pg';
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
export function listenForAppends(
  connectionString: string,
  onWake: () => void,
): { close(): Promise<void> } {
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString, application_name: 'event-listener' });
    next.on('error', () => scheduleReconnect());
    next.on('end', () => scheduleReconnect());
    next.on('notification', () => onWake());
    try {
      await next.connect();
      await next.query(`LISTEN ${appendChannel}`);
      client = next;
      onWake();
    } catch {
      await next.end().catch(() => {});
      scheduleReconnect();
    }
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer) return;
    client = undefined;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, 1000);
    retryTimer.unref();
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await client?.end().catch(() => {});
    },
  };
}
