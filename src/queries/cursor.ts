import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';

// Opaque page cursors: base64url JSON of the resume key plus a tag binding it
// to its endpoint and tenant. The tag is not a secret MAC: isolation never
// depends on the cursor (every read filters by the token's tenant); the tag
// turns an edited, truncated or other tenant's cursor into a clear 400
// instead of a silently wrong page.
interface CursorEnvelope {
  k: string;
  v: string[];
  t: string;
}

function tagOf(kind: string, tenantId: string, values: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, tenantId, values]))
    .digest('base64url')
    .slice(0, 22);
}

export function encodeCursor(kind: string, tenantId: string, values: readonly string[]): string {
  const envelope: CursorEnvelope = { k: kind, v: [...values], t: tagOf(kind, tenantId, values) };
  return Buffer.from(JSON.stringify(envelope)).toString('base64url');
}

/** The values of a cursor minted by encodeCursor for this kind and tenant, each matching
 *  its pattern; a 400 naming `cursor` otherwise. */
export function decodeCursor(
  cursor: string,
  kind: string,
  tenantId: string,
  patterns: readonly RegExp[],
): string[] {
  const invalid = () =>
    new ValidationError([{ field: 'cursor', message: 'is not a cursor issued for this listing' }]);
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!isEnvelope(envelope) || envelope.k !== kind || envelope.v.length !== patterns.length) {
    throw invalid();
  }
  if (envelope.t !== tagOf(kind, tenantId, envelope.v)) throw invalid();
  if (!envelope.v.every((value, index) => patterns[index]?.test(value))) throw invalid();
  return envelope.v;
}

function isEnvelope(value: unknown): value is CursorEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const { k, v, t } = value as Record<string, unknown>;
  return (
    typeof k === 'string' &&
    typeof t === 'string' &&
    Array.isArray(v) &&
    v.every((item) => typeof item === 'string')
  );
}
