import { sign, type KeyObject } from 'node:crypto';

// A JWS in compact serialization (RFC 7515 section 7.1) signed with Ed25519
// through node:crypto: the same bytes jose would produce, without the
// WebCrypto job that jose's sign() dispatches to the thread pool, which costs
// more than twice the signature itself on the token hot path.

const base64url = (json: unknown): string =>
  Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');

export function signCompactEd25519(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): string {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign(null, Buffer.from(signingInput, 'ascii'), key);
  return `${signingInput}.${signature.toString('base64url')}`;
}
