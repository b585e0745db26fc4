// Keeps one child process running: when it dies on its own it is restarted
// after a backoff, with a line naming the process and how it ended. Stopping
// the supervisor stops the process and cancels any pending restart.
import { stopProcess, type ManagedProcess } from './childProcesses.js';
import { describeExit, nextFailuresInARow, restartDelayMs } from './restartPolicy.js';

export interface SupervisedProcess {
  readonly name: string;
  readonly current: ManagedProcess;
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  log(line: string): void;
  /** Called after each restart, e.g. to print the stack's status. */
  onRestart?(): void;
  delayMs?(failuresInARow: number): number;
}

export function superviseProcess(
  first: ManagedProcess,
  launch: () => ManagedProcess,
  options: SuperviseOptions,
): SupervisedProcess {
  const { name } = first;
  const delayMs = options.delayMs ?? ((failures: number) => restartDelayMs(failures));
  let current = first;
  let restarts = 0;
  let failuresInARow = 0;
  let startedAt = Date.now();
  let stopping = false;
  let cancelWait: (() => void) | undefined;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const watch = async (): Promise<void> => {
    while (!stopping) {
      await current.exited;
      if (stopping) return;
      const cause = describeExit(current.child.exitCode, current.child.signalCode);
      // Whatever the dead process started (its process group) goes with it.
      await stopProcess(current, 0);
      failuresInARow = nextFailuresInARow(failuresInARow, Date.now() - startedAt);
      const delay = delayMs(failuresInARow);
      options.log(`${name} ${cause}; restarting it in ${(delay / 1000).toFixed(1)} s`);
      await wait(delay);
      if (stopping) return;
      current = launch();
      restarts += 1;
      startedAt = Date.now();
      options.log(`${name} restarted (pid ${current.child.pid ?? '?'}, restart ${restarts})`);
      options.onRestart?.();
    }
  };
  void watch();

  return {
    name,
    get current() {
      return current;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      cancelWait?.();
      await stopProcess(current);
    },
  };
}
