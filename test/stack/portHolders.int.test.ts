import { createServer } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { portsInUse } from '../../src/stack/portHolders.js';
import { freePort } from '../e2e/support/stackApi.js';

describe('ports in use', () => {
  it('names the process holding a port, and passes free ones', async () => {
    const [held, free] = [await freePort(), await freePort()];
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(held, '127.0.0.1', resolve));
    try {
      const taken = await portsInUse([
        { what: 'the API', port: held },
        { what: 'the portal', port: free },
      ]);
      expect(taken).toHaveLength(1);
      expect(taken[0]?.what).toBe('the API');
      expect(taken[0]?.holder).toMatch(new RegExp(`^pid ${process.pid} \\(.*node`));
    } finally {
      server.close();
    }
  });
});
