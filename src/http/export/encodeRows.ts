import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ExportFormat } from './answerFormat.js';
import type { FlatRecord } from './flattenRecord.js';

/**
 * The rows as a byte stream in the format, pulled from `rows` only as fast as
 * the client reads (constant memory for any number of rows).
 *
 * CSV: a header line of `columns`, RFC 4180 quoting, and cells that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
 * prefixed with `'` (csv-stringify's escape_formulas). NDJSON: one JSON
 * document per line, as the JSON answer holds them (`nested`), not flattened.
 */
export function encodeRows<Row>(
  format: ExportFormat,
  rows: AsyncIterable<Row> | Iterable<Row>,
  shape: { columns: readonly string[]; flat(row: Row): FlatRecord },
): Readable {
  const source = Readable.from(rows, { objectMode: true, highWaterMark: 16 });
  const encoder =
    format === 'csv'
      ? csvEncoder(shape.columns)
      : new Transform({
          writableObjectMode: true,
          transform(row: Row, _encoding, done) {
            done(null, `${JSON.stringify(row)}\n`);
          },
        });
  const flatten =
    format === 'csv'
      ? new Transform({
          objectMode: true,
          transform(row: Row, _encoding, done) {
            const flat = shape.flat(row);
            done(
              null,
              shape.columns.map((column) => flat[column] ?? null),
            );
          },
        })
      : undefined;
  const stages = flatten ? [source, flatten, encoder] : [source, encoder];
  // A failure mid-stream (the store goes away) destroys the response: the
  // client sees a cut-off download, never a partial file that looks whole.
  pipeline(stages).catch((error: unknown) => encoder.destroy(error as Error));
  return encoder;
}

// Rows arrive as arrays in column order; the header is the first of them, so
// column names (which can come from data, like a reason code) are escaped too.
function csvEncoder(columns: readonly string[]): Transform {
  const encoder = stringify({
    escape_formulas: true,
    cast: { boolean: (value) => String(value) },
  });
  encoder.write([...columns]);
  return encoder;
}
