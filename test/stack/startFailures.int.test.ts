// `npm start` that cannot start: it names the failed step, shows that step's
// own error and the next thing to try, exits non-zero, and leaves nothing running.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectRoot } from '../../src/stack/localStack.js';
import { freePort, portInUse } from '../e2e/support/stackApi.js';
import { testRedisUrl, createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 1 });
});

afterAll(async () => {
  await db?.drop();
});

function runStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function hold(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('npm start failures', () => {
  it('refuses to start anything when its ports are taken, naming the holder', async () => {
    const [apiPort, portalPort] = [await freePort(), await freePort()];
    const squatters = [await hold(apiPort), await hold(portalPort)];
    try {
      const { code, output } = await runStart({
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        HTTP_PORT: String(apiPort),
        PORTAL_PORT: String(portalPort),
      });
      expect(code).toBe(1);
      expect(output).toContain('[start] failed while checking ports: ports are already in use');
      expect(output).toContain(
        `port ${apiPort}, for the API (HTTP_PORT), is held by pid ${process.pid} (`,
      );
      expect(output).toContain(
        `port ${portalPort}, for the portal (PORTAL_PORT), is held by pid ${process.pid} (`,
      );
      expect(output).toMatch(/\[start\] next: stop that process, or choose other ports/);
      expect(output).not.toContain('applied migrations');
      expect(output).not.toContain('database up to date');
    } finally {
      for (const squatter of squatters) squatter.close();
    }
  }, 60_000);

  it('shows the database error and what to check when Postgres does not answer', async () => {
    const [apiPort, portalPort, deadPort] = [await freePort(), await freePort(), await freePort()];
    const { code, output } = await runStart({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${deadPort}/analytics`,
      REDIS_URL: testRedisUrl(),
      HTTP_PORT: String(apiPort),
      PORTAL_PORT: String(portalPort),
    });
    expect(code).toBe(1);
    expect(output).toContain('[start] failed while migrating the database:');
    expect(output).toContain('ECONNREFUSED');
    expect(output).toContain(
      `[start] next: check that Postgres answers at DATABASE_URL (postgres://postgres@127.0.0.1:${deadPort}/analytics)`,
    );
    expect(await portInUse(apiPort)).toBe(false);
  }, 60_000);
});
