import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../errors.js';

// Opaque page cursors: base64url JSON of the resume key plus an HMAC-SHA256
// tag under a server key (see cursorKey.ts), binding it to its endpoint and
// tenant. Only the server can mint one: an edited, forged, truncated or other
// tenant's cursor is a 400 naming `cursor`, never a query with values the
// server did not choose. Isolation never depends on it all the same: every
// read filters by the token's tenant.
interface CursorEnvelope {
  k: string;
  v: string[];
  t: string;
}

function tagOf(key: Buffer, kind: string, tenantId: string, values: readonly string[]): Buffer {
  return createHmac('sha256', key)
    .update(JSON.stringify([kind, tenantId, values]))
    .digest();
}

export function encodeCursor(
  key: Buffer,
  kind: string,
  tenantId: string,
  values: readonly string[],
): string {
  const envelope: CursorEnvelope = {
    k: kind,
    v: [...values],
    t: tagOf(key, kind, tenantId, values).toString('base64url'),
  };
  return Buffer.from(JSON.stringify(envelope)).toString('base64url');
}

export function invalidCursor(): ValidationError {
  return new ValidationError([
    { field: 'cursor', message: 'is not a cursor issued for this listing' },
  ]);
}

/** The values of a cursor minted by encodeCursor under this key, for this kind and tenant,
 *  each matching its pattern; a 400 naming `cursor` otherwise. */
export function decodeCursor(
  key: Buffer,
  cursor: string,
  kind: string,
  tenantId: string,
  patterns: readonly RegExp[],
): string[] {
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!isEnvelope(envelope) || envelope.k !== kind || envelope.v.length !== patterns.length) {
    throw invalidCursor();
  }
  const presented = Buffer.from(envelope.t, 'base64url');
  const expected = tagOf(key, kind, tenantId, envelope.v);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw invalidCursor();
  }
  if (!envelope.v.every((value, index) => patterns[index]?.test(value))) throw invalidCursor();
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
