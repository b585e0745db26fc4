// Keeps the local Postgres and Redis that `npm start` started running: a
// service that stops answering on its port (killed, crashed, stopped by hand)
// is started again with infra/services.sh, and each step is reported. Only
// services this run started are watched; others are not its to restart.
import net from 'node:net';
import type { LocalService } from './localServices.js';

export interface ServiceWatchdogOptions {
  services: readonly LocalService[];
  isUp: (service: LocalService) => Promise<boolean>;
  restart: (service: LocalService) => Promise<void>;
  log: (line: string) => void;
  intervalMs?: number;
  /** Checks in a row a service must fail before it is restarted (one miss may be a busy server). */
  missesBeforeRestart?: number;
}

export interface ServiceWatchdog {
  /** Resolves once a check or restart in progress has ended. */
  stop(): Promise<void>;
}

export function watchLocalServices(options: ServiceWatchdogOptions): ServiceWatchdog {
  const intervalMs = options.intervalMs ?? 2000;
  const missesBeforeRestart = options.missesBeforeRestart ?? 2;
  const misses = new Map<LocalService, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  const check = async (service: LocalService): Promise<void> => {
    if (await options.isUp(service)) {
      misses.set(service, 0);
      return;
    }
    const missed = (misses.get(service) ?? 0) + 1;
    misses.set(service, missed);
    if (missed < missesBeforeRestart || stopped) return;
    options.log(`${service} stopped answering; starting it again`);
    const began = Date.now();
    try {
      await options.restart(service);
      misses.set(service, 0);
      options.log(`${service} is back after ${((Date.now() - began) / 1000).toFixed(1)} s`);
    } catch (error) {
      options.log(
        `${service} did not start again (${(error as Error).message.split('\n')[0]}); retrying, or run \`npm run services:up\``,
      );
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      round = (async () => {
        for (const service of options.services) await check(service);
      })().finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round.catch(() => undefined);
    },
  };
}

/** Whether something accepts TCP connections on 127.0.0.1:port within timeoutMs. */
export function listensOn(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
