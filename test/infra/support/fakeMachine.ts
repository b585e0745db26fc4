// A machine for infra/services.sh made of fakes: a PATH that holds the real
// system programs minus the servers, apt-get and the identity tools, plus fake
// ones that the test chooses (test/infra/support/fakes). The script's first
// run can then be tried on every machine state, whatever this machine has.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const programs = fileURLToPath(new URL('./fakes', import.meta.url));
const script = fileURLToPath(new URL('../../../infra/services.sh', import.meta.url));

// What the fake machine must not find among the real programs.
const hidden = /^(apt-get|apt|id|runuser|chown|initdb|pg_ctl|postgres|redis-.*)$/;

export interface MachineState {
  postgres: boolean;
  redis: boolean;
  aptGet: boolean;
  root: boolean;
  /** Contents of a policy-rc.d present before the run, if any. */
  existingPolicy?: string;
  aptUpdateFails?: boolean;
  aptInstallFails?: boolean;
}

export interface FakeMachine {
  dir: string;
  policyFile: string;
  aptLog: string;
  env: NodeJS.ProcessEnv;
  run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  remove(): Promise<void>;
}

/** One folder of links to the system's programs, shared by every fake machine. */
export async function systemPrograms(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'system-programs-'));
  const linked = new Set<string>();
  for (const source of ['/usr/local/sbin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    const names = await readdir(source).catch(() => [] as string[]);
    for (const name of names) {
      if (hidden.test(name) || linked.has(name) || name.startsWith('node')) continue;
      linked.add(name);
      await symlink(path.join(source, name), path.join(dir, name));
    }
  }
  return dir;
}

export async function fakeMachine(
  state: MachineState,
  systemBin: string,
  ports: { pg: number; redis: number },
): Promise<FakeMachine> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fake-machine-'));
  const bin = path.join(dir, 'bin');
  const pgBin = path.join(dir, 'postgresql/15/bin');
  await mkdir(bin, { recursive: true });
  await mkdir(pgBin, { recursive: true });
  const install = (name: string, to: string) =>
    copyFile(path.join(programs, name), path.join(to, name));
  for (const name of ['id', 'runuser', 'chown']) await install(name, bin);
  if (state.aptGet) await install('apt-get', bin);
  if (state.postgres) for (const name of ['initdb', 'pg_ctl']) await install(name, pgBin);
  if (state.redis) await install('redis-server', bin);
  const policyFile = path.join(dir, 'policy-rc.d');
  if (state.existingPolicy !== undefined)
    await writeFile(policyFile, state.existingPolicy, { mode: 0o755 });
  const aptLog = path.join(dir, 'apt.log');
  await writeFile(aptLog, '');

  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${systemBin}`,
    HOME: dir,
    LANG: 'C.UTF-8',
    ANALYTICS_DATA_DIR: path.join(dir, 'data'),
    ANALYTICS_PG_PORT: String(ports.pg),
    ANALYTICS_REDIS_PORT: String(ports.redis),
    ANALYTICS_POLICY_RC_D: policyFile,
    ANALYTICS_PG_BIN_DIRS: pgBin,
    FAKE_UID: state.root ? '0' : '1000',
    FAKE_LOG: aptLog,
    FAKE_BIN: bin,
    FAKE_PROGRAMS: programs,
    FAKE_NODE: process.execPath,
    ...(state.aptUpdateFails ? { FAKE_APT_UPDATE_FAIL: '1' } : {}),
    ...(state.aptInstallFails ? { FAKE_APT_INSTALL_FAIL: '1' } : {}),
  };
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        path.join(systemBin, 'bash'),
        [script, ...args],
        { env, timeout: 30_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  return {
    dir,
    policyFile,
    aptLog,
    env,
    run,
    async remove() {
      await run('down');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
