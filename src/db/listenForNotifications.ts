import pg from 'pg';

export interface NotificationListener {
  close(): Promise<void>;
}

/**
 * A dedicated connection that LISTENs on one channel and calls onNotify for
 * every notification. It reconnects after a loss and calls onNotify once
 * connected, since notifications sent while it was away are gone.
 */
export function listenForNotifications(
  options: { connectionString: string; channel: string; applicationName: string },
  onNotify: () => void,
): NotificationListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: options.applicationName,
    });
    next.on('error', () => scheduleReconnect());
    next.on('end', () => scheduleReconnect());
    next.on('notification', () => onNotify());
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
      if (closed) {
        await next.end().catch(() => {});
        return;
      }
      client = next;
      onNotify();
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
