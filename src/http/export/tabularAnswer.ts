import { z } from 'zod';
import { columnsOf, flattenRecord, type FlatRecord } from './flattenRecord.js';
import type { ExportShape } from './encodeRows.js';

/**
 * A JSON answer as export rows: an array gives one row per element, any other
 * value one row. Columns are every flattened key the rows have; an empty
 * answer still gets its header from the response schema.
 */
export function tabularAnswer(
  answer: unknown,
  schema: z.ZodType,
): { rows: unknown[]; shape: ExportShape<unknown> } {
  const rows = Array.isArray(answer) ? answer : [answer];
  const flat = new Map<unknown, FlatRecord>(rows.map((row) => [row, flattenRecord(row)]));
  return {
    rows,
    shape: {
      columns: columnsOf([...flat.values()], schemaColumns(schema)),
      flat: (row) => flat.get(row) ?? flattenRecord(row),
    },
  };
}

function schemaColumns(schema: z.ZodType): string[] {
  const element = schema instanceof z.ZodArray ? schema.element : schema;
  if (!(element instanceof z.ZodObject)) return [];
  // Nested objects (a record of counts by reason, an optional quota) have no
  // fixed columns of their own: their dotted columns come from the rows.
  return Object.entries(element.shape)
    .filter(([, field]) => {
      const inner = withoutOptional(field as z.ZodType);
      return !(inner instanceof z.ZodRecord || inner instanceof z.ZodObject);
    })
    .map(([key]) => key);
}

function withoutOptional(field: z.ZodType): z.ZodType {
  let inner = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner;
}
