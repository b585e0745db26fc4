import { createHash } from 'node:crypto';

/** A cursor tagged with a public hash of its content, as anyone could compute one. */
export function forgedCursor(kind: string, tenantId: string, values: readonly string[]): string {
  const t = createHash('sha256')
    .update(JSON.stringify([kind, tenantId, values]))
    .digest('base64url')
    .slice(0, 22);
  return Buffer.from(JSON.stringify({ k: kind, v: values, t })).toString('base64url');
}
