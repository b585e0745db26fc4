/** Prints either JSON (for scripts) or aligned `label: value` lines (for people). */
export function printResult(json: boolean, result: Record<string, unknown>, note?: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(result).map((key) => key.length));
  for (const [key, value] of Object.entries(result)) {
    process.stdout.write(`${`${key}:`.padEnd(width + 2)}${String(value)}\n`);
  }
  if (note) process.stdout.write(`\n${note}\n`);
}
