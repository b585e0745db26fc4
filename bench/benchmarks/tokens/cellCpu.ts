import pg from 'pg';
import { cpuMsBetween, cpuMsOf, machineCpu, type MachineCpu } from '../../lib/cpuTime.js';

// Where the CPU of one measured cell went: this process (the API servers and
// the load client), the projection workers' process, the Postgres backends
// serving each of them, and the whole machine (which includes neighbours).

export interface CellCpu {
  /** This process: both API servers (one idle) and the 64 load clients. */
  benchProcessMs: number;
  workerProcessMs: number;
  /** Backends of the measured API's pool. */
  postgresApiMs: number;
  /** Backends of the projection workers (pool and LISTEN connection). */
  postgresWorkerMs: number;
  /** Busy CPU of every core, summed; undefined without /proc. */
  machineBusyMs: number | undefined;
  /** Wall time times cores: what the machine could have spent. */
  machineTotalMs: number | undefined;
}

interface Reading {
  process: NodeJS.CpuUsage;
  worker: Map<number, number>;
  api: Map<number, number>;
  workerBackends: Map<number, number>;
  machine: MachineCpu | undefined;
}

export interface CellCpuMeter {
  start(apiApplicationName: string): Promise<() => Promise<CellCpu>>;
  close(): Promise<void>;
}

export async function cellCpuMeter(options: {
  databaseUrl: string;
  workerPid: number;
  /** application_name of the workers' connections. */
  workerApplicationNames: readonly string[];
}): Promise<CellCpuMeter> {
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    application_name: 'bench-cpu',
  });
  await client.connect();
  const backends = async (names: readonly string[]) => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = ANY($1)`,
      [names],
    );
    return rows.map((row) => row.pid);
  };
  const read = async (apiName: string): Promise<Reading> => {
    const [apiPids, workerPids] = await Promise.all([
      backends([apiName]),
      backends(options.workerApplicationNames),
    ]);
    const [worker, api, workerBackends, machine] = await Promise.all([
      cpuMsOf([options.workerPid]),
      cpuMsOf(apiPids),
      cpuMsOf(workerPids),
      machineCpu(),
    ]);
    return { process: process.cpuUsage(), worker, api, workerBackends, machine };
  };
  return {
    async start(apiApplicationName) {
      const before = await read(apiApplicationName);
      return async () => {
        const after = await read(apiApplicationName);
        const own = process.cpuUsage(before.process);
        return {
          benchProcessMs: (own.user + own.system) / 1000,
          workerProcessMs: cpuMsBetween(before.worker, after.worker),
          postgresApiMs: cpuMsBetween(before.api, after.api),
          postgresWorkerMs: cpuMsBetween(before.workerBackends, after.workerBackends),
          machineBusyMs:
            before.machine && after.machine
              ? after.machine.busyMs - before.machine.busyMs
              : undefined,
          machineTotalMs:
            before.machine && after.machine
              ? after.machine.totalMs - before.machine.totalMs
              : undefined,
        };
      };
    },
    close: () => client.end(),
  };
}
