import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ExportFormat } from './answerFormat.js';
import type { FlatRecord } from './flattenRecord.js';

export interface ExportShape<Row> {
  /** CSV columns, in order. */
  columns: readonly string[];
  /** A row as CSV cells. */
  flat(row: Row): FlatRecord;
}

/**
 * Batches of rows as a byte stream in the format, each batch pulled from
 * `batches` only when the client has taken the previous one: memory holds
 * one batch and its text, whatever the number of rows.
 *
 * CSV: a header line of `columns`, RFC 4180 quoting, and cells a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR) prefixed with
 * `'` (csv-stringify's escape_formulas; the header too, as column names can
 * come from data, like a reason code). NDJSON: one JSON document per line, as
 * the JSON answer holds them, not flattened.
 */
export function encodeRows<Row>(
  format: ExportFormat,
  batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  shape: ExportShape<Row>,
): Readable {
  const encode =
    format === 'csv'
      ? (rows: readonly Row[]) =>
          csvLines(rows.map((row) => cellsOf(shape.flat(row), shape.columns)))
      : (rows: readonly Row[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  async function* text() {
    if (format === 'csv') yield csvLines([[...shape.columns]]);
    for await (const rows of batches) {
      if (rows.length > 0) yield encode(rows);
    }
  }
  // A failure mid-stream (the store goes away) destroys the response: the
  // client sees a cut-off download, never a short file that looks whole.
  return Readable.from(text(), { objectMode: false });
}

function cellsOf(record: FlatRecord, columns: readonly string[]): FlatRecord[string][] {
  return columns.map((column) => record[column] ?? null);
}

function csvLines(rows: FlatRecord[string][][]): string {
  return stringify(rows, {
    escape_formulas: true,
    cast: { boolean: (value) => String(value) },
  });
}
