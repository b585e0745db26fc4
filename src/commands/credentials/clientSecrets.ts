import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Secrets are 256 random bits, so a single SHA-256 is enough: there is no
// low-entropy password to brute-force, and verification stays cheap under load.

export type ClientKind = 'admin' | 'agent';

const clientIdPrefix: Record<ClientKind, string> = { admin: 'adm_', agent: 'agt_' };

export function newClientId(kind: ClientKind): string {
  return `${clientIdPrefix[kind]}${randomBytes(16).toString('hex')}`;
}

export function newClientSecret(): string {
  return `cs_${randomBytes(32).toString('base64url')}`;
}

export function hashClientSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function clientSecretMatches(secret: string, storedHash: Buffer): boolean {
  const candidate = hashClientSecret(secret);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}

/** Compared against when the client id is unknown, so timing does not reveal which ids exist. */
export const unknownClientHash: Buffer = hashClientSecret(randomBytes(32).toString('base64url'));
