/** One part of a counting key: an id, a time bucket, a metric name. */
export type KeyPart = string | number;

interface Leaf<P> {
  parts: P;
  count: number;
}

/**
 * Counts items by a key of several parts, with one nested map per part, so no
 * composite key string is built and hashed per item (the folds' main cost
 * under token traffic). `partsOf` returns undefined for items a fold ignores.
 * Rows come in the order their key first appeared. Pure.
 */
export function countBy<T, P extends readonly KeyPart[], Row>(
  items: Iterable<T>,
  partsOf: (item: T) => P | undefined,
  rowOf: (parts: P, count: number) => Row,
): Row[] {
  const root = new Map<KeyPart, unknown>();
  const leaves: Array<Leaf<P>> = [];
  for (const item of items) {
    const parts = partsOf(item);
    if (!parts) continue;
    let level = root;
    const last = parts.length - 1;
    for (let index = 0; index < last; index += 1) {
      const part = parts[index] as KeyPart;
      let next = level.get(part) as Map<KeyPart, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(part, next);
      }
      level = next;
    }
    const leafPart = parts[last] as KeyPart;
    const leaf = level.get(leafPart) as Leaf<P> | undefined;
    if (leaf) leaf.count += 1;
    else {
      const created = { parts, count: 1 };
      level.set(leafPart, created);
      leaves.push(created);
    }
  }
  return leaves.map((leaf) => rowOf(leaf.parts, leaf.count));
}
