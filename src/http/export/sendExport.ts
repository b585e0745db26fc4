import type { Context } from 'koa';
import { mediaTypeOf, type ExportFormat } from './answerFormat.js';
import { encodeRows, type ExportShape } from './encodeRows.js';

/**
 * Sends batches of rows as a download. `name` says what and which range (e.g.
 * `analytics-tokens_2026-10-27_2026-11-25`) and nothing about the tenant:
 * files get forwarded, and their names travel with them.
 */
export function sendExport<Row>(
  ctx: Context,
  format: ExportFormat,
  name: string,
  batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  shape: ExportShape<Row>,
): void {
  ctx.attachment(`${name}.${format}`);
  ctx.type = mediaTypeOf(format);
  ctx.body = encodeRows(format, batches, shape);
}
