import { createPrivateKey, type JsonWebKeyInput, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { withTransaction, type Pool } from '../db/pool.js';
import type { Clock } from '../clock.js';

export const signingAlgorithm = 'EdDSA';

interface SigningKeyRow {
  kid: string;
  public_jwk: JWK;
  private_jwk: JWK;
  created_at: Date;
  retired_at: Date | null;
  expires_at: Date | null;
}

export interface PublishedKey {
  kid: string;
  publicJwk: JWK;
}

export interface KeyRingOptions {
  pool: Pool;
  clock: Clock;
  rotationDays: number;
  /** The longest token lifetime: a retired key stays published this long. */
  maxTokenTtlSeconds: number;
}

const keyLockId = 0x5167_4b45; // pg_advisory_xact_lock key for key generation

// Signing keys live in Postgres (never in events). The newest unretired key
// signs; retired keys stay published in the JWKS until their tokens expire.
export class KeyRing {
  private active?: { kid: string; key: KeyObject; createdAt: Date };
  private readonly publicKeys = new Map<string, CryptoKey>();
  private lastRefresh = 0;

  constructor(private readonly options: KeyRingOptions) {}

  /** The current private key, imported once per key and kept as a node:crypto key object. */
  async signingKey(): Promise<{ kid: string; key: KeyObject }> {
    const now = this.options.clock.now();
    if (!this.active || this.isDue(this.active.createdAt, now)) await this.loadOrRotate();
    return this.active as { kid: string; key: KeyObject };
  }

  /** Public key for a kid, reloading from the database at most once a second on a miss. */
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    const known = this.publicKeys.get(kid);
    if (known) return known;
    if (Date.now() - this.lastRefresh < 1000) return undefined;
    await this.refreshPublished();
    return this.publicKeys.get(kid);
  }

  async published(): Promise<PublishedKey[]> {
    const { rows } = await this.options.pool.query<SigningKeyRow>(
      `SELECT kid, public_jwk FROM signing_keys
        WHERE expires_at IS NULL OR expires_at > $1 ORDER BY created_at DESC`,
      [this.options.clock.now()],
    );
    return rows.map((row) => ({
      kid: row.kid,
      publicJwk: { ...row.public_jwk, kid: row.kid, alg: signingAlgorithm, use: 'sig' },
    }));
  }

  /** Retires the current key now and starts signing with a fresh one. */
  async rotate(): Promise<string> {
    await this.loadOrRotate(true);
    return (this.active as { kid: string }).kid;
  }

  private isDue(createdAt: Date, now: Date): boolean {
    return now.getTime() - createdAt.getTime() >= this.options.rotationDays * 86_400_000;
  }

  private async loadOrRotate(force = false): Promise<void> {
    const now = this.options.clock.now();
    const row = await withTransaction(this.options.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [keyLockId]);
      const current = await client.query<SigningKeyRow>(
        `SELECT * FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      );
      const existing = current.rows[0];
      if (existing && !force && !this.isDue(existing.created_at, now)) return existing;
      if (existing) {
        await client.query(
          `UPDATE signing_keys SET retired_at = $2, expires_at = $3 WHERE kid = $1`,
          [
            existing.kid,
            now,
            new Date(now.getTime() + this.options.maxTokenTtlSeconds * 1000 + 60_000),
          ],
        );
      }
      const { publicKey, privateKey } = await generateKeyPair(signingAlgorithm, {
        crv: 'Ed25519',
        extractable: true,
      });
      const publicJwk = await exportJWK(publicKey);
      const privateJwk = await exportJWK(privateKey);
      const kid = `${now.toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
      const inserted = await client.query<SigningKeyRow>(
        `INSERT INTO signing_keys (kid, alg, public_jwk, private_jwk, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [kid, signingAlgorithm, publicJwk, privateJwk, now],
      );
      return inserted.rows[0] as SigningKeyRow;
    });
    const key = createPrivateKey({ key: row.private_jwk as JsonWebKeyInput['key'], format: 'jwk' });
    this.active = { kid: row.kid, key, createdAt: row.created_at };
    await this.refreshPublished();
  }

  private async refreshPublished(): Promise<void> {
    this.lastRefresh = Date.now();
    for (const { kid, publicJwk } of await this.published()) {
      if (!this.publicKeys.has(kid)) {
        this.publicKeys.set(kid, (await importJWK(publicJwk, signingAlgorithm)) as CryptoKey);
      }
    }
  }
}
