// The first run of infra/services.sh on every machine state, on a fake machine
// (test/infra/support/fakeMachine.ts): what is installed, whether an existing
// policy-rc.d survives byte for byte, and that every failure says why and what
// to do next.
import { readFileSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../e2e/support/stackApi.js';
import { fakeMachine, systemPrograms, type MachineState } from './support/fakeMachine.js';

let systemBin: string;

beforeAll(async () => {
  systemBin = await systemPrograms();
});

afterAll(async () => {
  await rm(systemBin, { recursive: true, force: true });
});

const dockerPolicy = '#!/bin/sh\n# from the image\nexit 101\n';

async function policySnapshot(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return undefined;
  return `${info.mode.toString(8)} ${info.mtimeMs} ${await readFile(file, 'utf8')}`;
}

async function upOn(state: MachineState) {
  const machine = await fakeMachine(state, systemBin, {
    pg: await freePort(),
    redis: await freePort(),
  });
  const policyBefore = await policySnapshot(machine.policyFile);
  const result = await machine.run('up');
  return {
    machine,
    result,
    policyBefore,
    policyAfter: await policySnapshot(machine.policyFile),
    aptCalls: (await readFile(machine.aptLog, 'utf8')).split('\n').filter(Boolean),
  };
}

const installable: Array<[string, Pick<MachineState, 'postgres' | 'redis'>, string[]]> = [
  ['nothing missing', { postgres: true, redis: true }, []],
  ['Postgres missing', { postgres: false, redis: true }, ['postgresql']],
  ['Redis missing', { postgres: true, redis: false }, ['redis-server']],
  ['both missing', { postgres: false, redis: false }, ['postgresql', 'redis-server']],
];

describe('infra/services.sh up as root with apt-get', () => {
  for (const [name, present, packages] of installable) {
    for (const existingPolicy of [undefined, dockerPolicy]) {
      const policyCase = existingPolicy ? 'with an existing policy-rc.d' : 'without a policy-rc.d';
      it(`${name}, ${policyCase}: installs what is missing and starts both`, async () => {
        const { machine, result, policyBefore, policyAfter, aptCalls } = await upOn({
          ...present,
          aptGet: true,
          root: true,
          existingPolicy,
        });
        try {
          expect(`exit ${result.code}\n${result.stderr}`).toMatch(/^exit 0\n/);
          expect(result.stdout).toMatch(/postgres: running[\s\S]*redis: {4}running/);
          if (packages.length === 0) {
            expect(aptCalls).toEqual([]);
          } else {
            expect(aptCalls).toContain('apt-get update');
            expect(aptCalls).toContain(
              `apt-get install -y --no-install-recommends ${packages.join(' ')}`,
            );
            // No package could start a system-wide server while it was installed.
            expect(aptCalls).toContain('policy during install: exit 101');
            expect(result.stderr).toContain(`installed ${packages.join(' ')}`);
          }
          // An existing policy file is left exactly as it was; one this run wrote is gone.
          expect(policyAfter).toEqual(policyBefore);
          expect((await machine.run('status')).stdout).toMatch(
            /postgres: running[\s\S]*redis: {4}running/,
          );
        } finally {
          await machine.remove();
        }
      });
    }
  }
});

describe('infra/services.sh up where it cannot install', () => {
  it('not root, nothing missing: starts both without apt-get', async () => {
    const { machine, result, aptCalls } = await upOn({
      postgres: true,
      redis: true,
      aptGet: true,
      root: false,
    });
    try {
      expect(`exit ${result.code}\n${result.stderr}`).toMatch(/^exit 0\n/);
      expect(result.stdout).toMatch(/postgres: running[\s\S]*redis: {4}running/);
      expect(aptCalls).toEqual([]);
    } finally {
      await machine.remove();
    }
  });

  for (const existingPolicy of [undefined, dockerPolicy]) {
    it(`not root, Redis missing (${existingPolicy ? 'with' : 'without'} a policy-rc.d): says what to install and changes nothing`, async () => {
      const { machine, result, policyBefore, policyAfter, aptCalls } = await upOn({
        postgres: true,
        redis: false,
        aptGet: true,
        root: false,
        existingPolicy,
      });
      try {
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          'error while checking for postgres and redis: redis-server not installed, and only root can install them here',
        );
        expect(result.stderr).toMatch(
          /next: install redis-server yourself \(Debian\/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis\)/,
        );
        expect(aptCalls).toEqual([]);
        expect(policyAfter).toEqual(policyBefore);
        expect((await machine.run('status')).stdout).toMatch(
          /postgres: stopped[\s\S]*redis: {4}stopped/,
        );
      } finally {
        await machine.remove();
      }
    });
  }

  it('root without apt-get, both missing: says what to install', async () => {
    const { machine, result } = await upOn({
      postgres: false,
      redis: false,
      aptGet: false,
      root: true,
    });
    try {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'postgresql redis-server not installed, and there is no apt-get to install them with',
      );
      expect(result.stderr).toContain('next: install postgresql redis-server yourself');
    } finally {
      await machine.remove();
    }
  });

  for (const existingPolicy of [undefined, dockerPolicy]) {
    it(`apt-get install fails (${existingPolicy ? 'with' : 'without'} a policy-rc.d): shows apt's own error, restores the policy`, async () => {
      const { machine, result, policyBefore, policyAfter } = await upOn({
        postgres: true,
        redis: false,
        aptGet: true,
        root: true,
        existingPolicy,
        aptInstallFails: true,
      });
      try {
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          'error while installing redis-server with apt-get: apt-get install redis-server failed',
        );
        expect(result.stderr).toContain('E: Could not get lock /var/lib/dpkg/lock-frontend');
        expect(result.stderr).toMatch(/next: read .*install\.log, fix the cause/);
        expect(policyAfter).toEqual(policyBefore);
      } finally {
        await machine.remove();
      }
    });
  }

  it('apt-get update fails: shows its error and what to check', async () => {
    const { machine, result, policyAfter } = await upOn({
      postgres: false,
      redis: true,
      aptGet: true,
      root: true,
      aptUpdateFails: true,
    });
    try {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('apt-get update failed');
      expect(result.stderr).toContain('Could not resolve host');
      expect(result.stderr).toContain('next: check the network and the apt sources');
      expect(policyAfter).toBeUndefined();
    } finally {
      await machine.remove();
    }
  });
});

describe('infra/services.sh up when a port is held', () => {
  it('names the process holding the Redis port', async () => {
    const machine = await fakeMachine(
      { postgres: true, redis: true, aptGet: true, root: true },
      systemBin,
      { pg: await freePort(), redis: await freePort() },
    );
    const { createServer } = await import('node:net');
    const squatter = createServer();
    await new Promise<void>((resolve) =>
      squatter.listen(Number(machine.env.ANALYTICS_REDIS_PORT), '127.0.0.1', resolve),
    );
    try {
      const result = await machine.run('up', 'redis');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `port ${machine.env.ANALYTICS_REDIS_PORT} is held by pid ${process.pid} (`,
      );
      expect(result.stderr).toContain(
        'next: stop that process, or choose another port with ANALYTICS_REDIS_PORT',
      );
    } finally {
      squatter.close();
      await machine.remove();
    }
  });
});

describe('infra/services.sh source', () => {
  it('writes conditions as if statements, never as a test followed by &&', () => {
    const source = readFileSync(new URL('../../infra/services.sh', import.meta.url), 'utf8');
    const offending = source
      .split('\n')
      .filter(
        (line) =>
          /^\s*(\[\[?|test |!?\s*command -v|\w+\s*\(\))[^#]*&&/.test(line) && !/^\s*if /.test(line),
      );
    expect(offending).toEqual([]);
  });
});
