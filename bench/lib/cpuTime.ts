import { readFile } from 'node:fs/promises';

// CPU time from Linux /proc: of given processes (any process, not only this
// one) and of the whole machine. Elsewhere every figure is undefined.

// USER_HZ, the unit of /proc times; 100 on every mainstream Linux build.
const ticksPerSecond = 100;

/** CPU milliseconds (user + system) a process has used so far; undefined when it is gone. */
export async function processCpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; fields are counted after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    return ((userTicks + systemTicks) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export interface MachineCpu {
  /** Milliseconds of CPU time spent on anything but idle and I/O wait, all cores summed. */
  busyMs: number;
  totalMs: number;
}

export async function machineCpu(): Promise<MachineCpu | undefined> {
  try {
    const stat = await readFile('/proc/stat', 'utf8');
    const ticks = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((sum, value) => sum + value, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return {
      busyMs: ((total - idle) * 1000) / ticksPerSecond,
      totalMs: (total * 1000) / ticksPerSecond,
    };
  } catch {
    return undefined;
  }
}

/** CPU milliseconds used so far by each of the processes still alive. */
export async function cpuMsOf(pids: readonly number[]): Promise<Map<number, number>> {
  const readings = await Promise.all(
    pids.map(async (pid) => [pid, await processCpuMs(pid)] as const),
  );
  return new Map(
    readings.filter((entry): entry is readonly [number, number] => entry[1] !== undefined),
  );
}

/** CPU milliseconds used between two readings by the processes alive at both. */
export function cpuMsBetween(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): number {
  let sum = 0;
  for (const [pid, end] of after) {
    const start = before.get(pid);
    if (start !== undefined) sum += end - start;
  }
  return sum;
}
