import os from 'node:os';

// The machine a result was measured on, stored beside every result.

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  loadAverage: number[];
  platform: string;
  node: string;
  postgres: string;
  date: string;
}

export function describeMachine(postgresVersion: string): MachineDescription {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: postgresVersion,
    date: new Date().toISOString(),
  };
}

export function machineMarkdown(machine: MachineDescription): string {
  return [
    `- CPU: ${machine.cpuModel}, ${machine.cores} cores; memory ${machine.memoryGiB} GiB`,
    `- Load average at start (1, 5, 15 min): ${machine.loadAverage.join(', ')}`,
    `- ${machine.platform}; Node ${machine.node}; PostgreSQL ${machine.postgres}`,
    `- Date: ${machine.date}`,
  ].join('\n');
}
