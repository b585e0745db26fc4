/** Counts keys; the key's identity is `idOf(key)`. Undefined entries (events a fold ignores) are skipped. */
export function countBy<K extends object>(
  keys: Iterable<K | undefined>,
  idOf: (key: K) => string,
): Array<K & { count: number }> {
  const counts = new Map<string, K & { count: number }>();
  for (const key of keys) {
    if (!key) continue;
    const id = idOf(key);
    const existing = counts.get(id);
    if (existing) existing.count += 1;
    else counts.set(id, { ...key, count: 1 });
  }
  return [...counts.values()];
}
