import { KeyedRows, type KeyPart } from './keyedRows.js';

interface Counted<P> {
  parts: P;
  count: number;
}

const counted = <P>(parts: P): Counted<P> => ({ parts, count: 0 });

/**
 * Counts items by a key of several parts (see KeyedRows); `partsOf` returns
 * undefined for items a fold ignores. Rows come in the order their key first
 * appeared. Pure.
 */
export function countBy<T, P extends readonly KeyPart[], Row>(
  items: Iterable<T>,
  partsOf: (item: T) => P | undefined,
  rowOf: (parts: P, count: number) => Row,
): Row[] {
  const counts = new KeyedRows<Counted<P>>();
  for (const item of items) {
    const parts = partsOf(item);
    if (parts) counts.at(parts, counted).count += 1;
  }
  return counts.rows.map((leaf) => rowOf(leaf.parts, leaf.count));
}
