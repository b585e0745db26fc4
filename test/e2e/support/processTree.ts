// Linux process-table reads for checking that a process tree is gone.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
}

export function processTable(): ProcessInfo[] {
  const rows: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state = '', ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({ pid: Number(entry), ppid: Number(ppid), pgid: Number(pgid), state });
    } catch {
      // exited while we looked
    }
  }
  return rows;
}

/** Every living descendant of `root` (children, their children, ...). */
export function descendants(root: number): ProcessInfo[] {
  const table = processTable();
  const found: ProcessInfo[] = [];
  let parents = new Set([root]);
  while (parents.size > 0) {
    const next = table.filter((row) => parents.has(row.ppid) && row.state !== 'Z');
    found.push(...next);
    parents = new Set(next.map((row) => row.pid));
  }
  return found;
}

/** Processes (not zombies) that are one of `pids` or in one of the groups `pgids`. */
export function survivors(pids: readonly number[], pgids: readonly number[]): ProcessInfo[] {
  return processTable().filter(
    (row) => row.state !== 'Z' && (pids.includes(row.pid) || pgids.includes(row.pgid)),
  );
}
