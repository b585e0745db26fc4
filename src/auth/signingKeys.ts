import { createPrivateKey, type JsonWebKeyInput, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { withTransaction, type Pool } from '../db/pool.js';
import type { Clock } from '../clock.js';

export const signingAlgorithm = 'EdDSA';

/** Sent by a trigger on every change to signing_keys (migration 0007). */
export const signingKeysChannel = 'signing_keys_changed';

interface SigningKeyRow {
  kid: string;
  public_jwk: JWK;
  /** Only read for the key that signs (the newest unretired one). */
  private_jwk: JWK | null;
  created_at: Date;
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
  /**
   * The longest a process signs and verifies from its in-memory copy of the
   * keys before reading them again; a change notification (see
   * watchSigningKeys) makes it read them on the next use.
   */
  refreshMs?: number;
}

interface ActiveKey {
  kid: string;
  key: KeyObject;
  createdAt: Date;
}

interface Verifier {
  key: CryptoKey;
  expiresAt: Date | null;
}

interface Snapshot {
  active: ActiveKey | undefined;
  verifiers: Map<string, Verifier>;
  /** performance.now() when the rows were read. */
  readAt: number;
}

const keyLockId = 0x5167_4b45; // pg_advisory_xact_lock key for key generation
const missReloadMs = 1000;

// Signing keys live in Postgres (never in events). The newest unretired key
// signs; retired keys stay published in the JWKS until their tokens expire.
// Each process works from a copy of the table that is never older than
// refreshMs, and is re-read at once after a change notification, so a
// rotation anywhere (another process, the CLI) reaches every process quickly
// and an expired key stops verifying.
export class KeyRing {
  private snapshot?: Snapshot;
  private snapshotGeneration = -1;
  /** Moved by every change notification: a snapshot of an older generation is stale. */
  private generation = 0;
  private loading?: { generation: number; promise: Promise<Snapshot> };
  private readonly refreshMs: number;

  constructor(private readonly options: KeyRingOptions) {
    this.refreshMs = options.refreshMs ?? 2000;
  }

  /** The keys changed elsewhere: read them again on the next use. */
  invalidate(): void {
    this.generation += 1;
  }

  /** The current private key, imported once per key and kept as a node:crypto key object. */
  async signingKey(): Promise<{ kid: string; key: KeyObject }> {
    let snapshot = await this.fresh();
    if (!snapshot.active || this.isDue(snapshot.active.createdAt, this.options.clock.now())) {
      await this.createOrRotate(false);
      snapshot = await this.fresh();
    }
    if (!snapshot.active) throw new Error('No signing key after creating one');
    return snapshot.active;
  }

  /**
   * Public key for a kid, undefined for an unknown or expired key. An unknown
   * kid re-reads the table at most once a second (a key made by another
   * process moments ago).
   */
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    let snapshot = await this.fresh();
    if (!snapshot.verifiers.has(kid) && performance.now() - snapshot.readAt >= missReloadMs) {
      this.invalidate();
      snapshot = await this.fresh();
    }
    const verifier = snapshot.verifiers.get(kid);
    if (!verifier) return undefined;
    if (verifier.expiresAt && verifier.expiresAt <= this.options.clock.now()) {
      snapshot.verifiers.delete(kid);
      return undefined;
    }
    return verifier.key;
  }

  /** Every key that can still sign or verify a token, newest first. */
  async published(): Promise<PublishedKey[]> {
    const { rows } = await this.options.pool.query<SigningKeyRow>(
      `SELECT kid, public_jwk FROM signing_keys
        WHERE expires_at IS NULL OR expires_at > $1 ORDER BY created_at DESC, kid`,
      [this.options.clock.now()],
    );
    return rows.map((row) => ({
      kid: row.kid,
      publicJwk: { ...row.public_jwk, kid: row.kid, alg: signingAlgorithm, use: 'sig' },
    }));
  }

  /** Retires the current key now and starts signing with a fresh one. */
  async rotate(): Promise<string> {
    return this.createOrRotate(true);
  }

  private isDue(createdAt: Date, now: Date): boolean {
    return now.getTime() - createdAt.getTime() >= this.options.rotationDays * 86_400_000;
  }

  private fresh(): Promise<Snapshot> {
    const current = this.snapshot;
    if (
      current &&
      this.snapshotGeneration === this.generation &&
      performance.now() - current.readAt < this.refreshMs
    ) {
      return Promise.resolve(current);
    }
    const generation = this.generation;
    if (this.loading?.generation === generation) return this.loading.promise;
    const promise = this.load(generation).finally(() => {
      if (this.loading?.promise === promise) this.loading = undefined;
    });
    this.loading = { generation, promise };
    return promise;
  }

  private async load(generation: number): Promise<Snapshot> {
    const readAt = performance.now();
    let rows: SigningKeyRow[];
    try {
      ({ rows } = await this.options.pool.query<SigningKeyRow>(
        `SELECT kid, public_jwk, created_at, expires_at,
                CASE WHEN retired_at IS NULL THEN private_jwk END AS private_jwk
           FROM signing_keys
          WHERE expires_at IS NULL OR expires_at > $1
          ORDER BY created_at DESC, kid`,
        [this.options.clock.now()],
      ));
    } catch (error) {
      // Postgres unreachable: keep working from the last copy (expiry is still
      // checked per use) and try again after another refreshMs.
      if (!this.snapshot) throw error;
      this.snapshot = { ...this.snapshot, readAt };
      this.snapshotGeneration = Math.max(this.snapshotGeneration, generation);
      return this.snapshot;
    }
    const previous = this.snapshot;
    const verifiers = new Map<string, Verifier>();
    for (const row of rows) {
      const key =
        previous?.verifiers.get(row.kid)?.key ??
        ((await importJWK(
          { ...row.public_jwk, alg: signingAlgorithm },
          signingAlgorithm,
        )) as CryptoKey);
      verifiers.set(row.kid, { key, expiresAt: row.expires_at });
    }
    const newest = rows.find((row) => row.private_jwk !== null);
    const active: ActiveKey | undefined = !newest
      ? undefined
      : previous?.active?.kid === newest.kid
        ? previous.active
        : {
            kid: newest.kid,
            key: createPrivateKey({
              key: newest.private_jwk as JsonWebKeyInput['key'],
              format: 'jwk',
            }),
            createdAt: newest.created_at,
          };
    const snapshot: Snapshot = { active, verifiers, readAt };
    if (generation >= this.snapshotGeneration) {
      this.snapshot = snapshot;
      this.snapshotGeneration = generation;
    }
    return snapshot;
  }

  /** Makes the first key, or retires a due (or forced, or expired) one; returns the signing kid. */
  private async createOrRotate(force: boolean): Promise<string> {
    const now = this.options.clock.now();
    const kid = await withTransaction(this.options.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [keyLockId]);
      const current = await client.query<SigningKeyRow>(
        `SELECT kid, created_at, expires_at FROM signing_keys
          WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1`,
      );
      const existing = current.rows[0];
      const expired = existing?.expires_at != null && existing.expires_at <= now;
      if (existing && !force && !expired && !this.isDue(existing.created_at, now)) {
        return existing.kid;
      }
      if (existing) {
        // Never extends an expiry an operator has already set.
        const keepUntil = new Date(now.getTime() + this.options.maxTokenTtlSeconds * 1000 + 60_000);
        await client.query(
          `UPDATE signing_keys SET retired_at = $2, expires_at = LEAST(COALESCE(expires_at, $3), $3)
            WHERE kid = $1`,
          [existing.kid, now, keepUntil],
        );
      }
      const { publicKey, privateKey } = await generateKeyPair(signingAlgorithm, {
        crv: 'Ed25519',
        extractable: true,
      });
      const publicJwk = await exportJWK(publicKey);
      const privateJwk = await exportJWK(privateKey);
      const newKid = `${now.toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
      await client.query(
        `INSERT INTO signing_keys (kid, alg, public_jwk, private_jwk, created_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [newKid, signingAlgorithm, publicJwk, privateJwk, now],
      );
      return newKid;
    });
    this.invalidate();
    return kid;
  }
}
