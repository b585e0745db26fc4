import net from 'node:net';
import { describe, expect, it } from '@jest/globals';
import type { LocalService } from '../../src/stack/localServices.js';
import { listensOn, watchLocalServices } from '../../src/stack/serviceWatchdog.js';
import { waitFor } from '../support/waitFor.js';

describe('the watch on the local services', () => {
  it('starts a service again once it has missed two checks in a row, and says so', async () => {
    const up = new Map<LocalService, boolean>([
      ['postgres', true],
      ['redis', true],
    ]);
    const restarted: LocalService[] = [];
    const lines: string[] = [];
    const watchdog = watchLocalServices({
      services: ['postgres', 'redis'],
      isUp: async (service) => up.get(service) ?? false,
      restart: async (service) => {
        restarted.push(service);
        up.set(service, true);
      },
      log: (line) => lines.push(line),
      intervalMs: 5,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(restarted).toEqual([]);
      up.set('redis', false);
      await waitFor('a restart', () => restarted.length > 0, 2000, 5);
      expect(restarted).toEqual(['redis']);
      expect(lines).toEqual([
        'redis stopped answering; starting it again',
        expect.stringMatching(/^redis is back after \d+\.\d s$/),
      ]);
    } finally {
      await watchdog.stop();
    }
  });

  it('keeps trying when a restart fails, and restarts nothing once stopped', async () => {
    let attempts = 0;
    const lines: string[] = [];
    const watchdog = watchLocalServices({
      services: ['postgres'],
      isUp: async () => false,
      restart: async () => {
        attempts += 1;
        throw new Error('port 54329 is taken\nmore detail');
      },
      log: (line) => lines.push(line),
      intervalMs: 5,
      missesBeforeRestart: 1,
    });
    await waitFor('two attempts', () => attempts >= 2, 2000, 5);
    await watchdog.stop();
    const after = attempts;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(attempts).toBe(after);
    expect(lines).toContain(
      'postgres did not start again (port 54329 is taken); retrying, or run `npm run services:up`',
    );
  });

  it('tells a listening port from a closed one', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(await listensOn(port)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await listensOn(port)).toBe(false);
  });
});
