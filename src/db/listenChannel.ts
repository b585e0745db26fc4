import pg from 'pg';

export interface ChannelListener {
  close(): Promise<void>;
}

/**
 * A dedicated connection that LISTENs on one channel and calls onWake for
 * every notification, and once after each (re)connect, since notifications
 * sent while it was away are lost. Reconnects every second after a loss.
 */
export function listenToChannel(
  connectionString: string,
  channel: string,
  onWake: () => void,
  applicationName = 'event-listener',
): ChannelListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString, application_name: applicationName });
    next.on('error', () => scheduleReconnect());
    next.on('end', () => scheduleReconnect());
    next.on('notification', () => onWake());
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (closed) {
        await next.end().catch(() => {});
        return;
      }
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
