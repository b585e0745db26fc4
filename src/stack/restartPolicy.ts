// When and why a supervised process is restarted: pure rules, no I/O.

/** "exited with code 1", "killed by SIGKILL", ... */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  if (code === 0) return 'exited on its own (code 0)';
  return `exited with code ${code ?? 'unknown'}`;
}

/**
 * Backoff before restart number `failuresInARow` (1 for the first crash after a
 * stable run): 1 s, 2 s, 4 s, ... up to 30 s, so a process that dies at start
 * does not spin while one that crashed once is back at once.
 */
export function restartDelayMs(failuresInARow: number, baseMs = 1000, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failuresInARow - 1));
}

/** A run at least this long counts as stable: the next crash starts the backoff over. */
export const stableRunMs = 60_000;

export function nextFailuresInARow(previous: number, ranForMs: number): number {
  return ranForMs >= stableRunMs ? 1 : previous + 1;
}
