// Rows for a CSV: nested objects become dotted columns (`by_reason.invalid_client`),
// so a spreadsheet can sum them; arrays and the keys named in `asJson` stay
// one cell of JSON text, since their shape varies from row to row.
export type Cell = string | number | boolean | null;
export type FlatRecord = Record<string, Cell>;

export function flattenRecord(value: unknown, asJson: readonly string[] = []): FlatRecord {
  const record: FlatRecord = {};
  if (!isPlainObject(value)) {
    record.value = cellOf(value);
    return record;
  }
  const visit = (object: Record<string, unknown>, prefix: string) => {
    for (const [key, child] of Object.entries(object)) {
      const column = prefix + key;
      if (isPlainObject(child) && !asJson.includes(column)) visit(child, `${column}.`);
      else record[column] = cellOf(child);
    }
  };
  visit(value, '');
  return record;
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every column of these rows, in the order they first appear. */
export function columnsOf(rows: readonly FlatRecord[], first: readonly string[] = []): string[] {
  const columns = new Set(first);
  for (const row of rows) for (const column of Object.keys(row)) columns.add(column);
  return [...columns];
}
