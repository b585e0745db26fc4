/** One part of a row's key: an id, a time bucket, a metric name. */
export type KeyPart = string | number;

/**
 * A fold's rows keyed by several parts, with one nested map per part, so no
 * composite key string is built and hashed per event (the folds' main cost
 * under token traffic). Rows are kept in the order their keys first came.
 */
export class KeyedRows<Row> {
  private readonly root = new Map<KeyPart, unknown>();
  readonly rows: Row[] = [];

  /** The row under the key, made by `make` the first time the key comes. */
  at<P extends readonly KeyPart[]>(parts: P, make: (parts: P) => Row): Row {
    let level = this.root;
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
    const found = level.get(leafPart) as Row | undefined;
    if (found !== undefined) return found;
    const made = make(parts);
    level.set(leafPart, made);
    this.rows.push(made);
    return made;
  }
}
