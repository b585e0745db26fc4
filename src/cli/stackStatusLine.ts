/** "status: api 1 restart · worker-1 up · ...": printed by `npm start` after each restart. */
export function stackStatusLine(
  processes: ReadonlyArray<{ name: string; restarts: number }>,
): string {
  const parts = processes.map(({ name, restarts }) =>
    restarts === 0
      ? `${name} up`
      : `${name} up after ${restarts} restart${restarts === 1 ? '' : 's'}`,
  );
  return `status: ${parts.join(' · ')}`;
}
