// Which process listens on a TCP port: Linux's /proc/net/tcp{,6} give the
// socket's inode, and the process holding that inode names itself in
// /proc/PID/cmdline. Elsewhere only "another process" can be said.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/** True when nothing on this machine accepts 127.0.0.1:port and it can be bound. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function listeningInode(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      // local_address is "HEXADDR:HEXPORT"; state 0A is LISTEN; field 9 is the inode.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A') return fields[9];
    }
  }
  return undefined;
}

/** "pid 123 (redis-server 127.0.0.1:6379)", or "another process" when it cannot be seen. */
export function describePortHolder(port: number): string {
  const inode = listeningInode(port);
  if (!inode) return 'another process';
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return 'another process';
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target === `socket:[${inode}]`) {
        let command = '';
        try {
          command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
        } catch {
          // exited while we looked
        }
        return `pid ${pid} (${command.slice(0, 120) || 'unknown command'})`;
      }
    }
  }
  return 'another process';
}

export interface PortInUse {
  what: string;
  port: number;
  holder: string;
}

/** Every port of `wanted` that is already taken, with the process holding it. */
export async function portsInUse(
  wanted: ReadonlyArray<{ what: string; port: number }>,
): Promise<PortInUse[]> {
  const taken: PortInUse[] = [];
  for (const { what, port } of wanted) {
    if (!(await portIsFree(port))) taken.push({ what, port, holder: describePortHolder(port) });
  }
  return taken;
}
