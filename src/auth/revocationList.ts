import type { Clock } from '../clock.js';
import { listenToChannel, type ChannelListener } from '../db/listenChannel.js';
import type { Pool } from '../db/pool.js';
import { ServiceUnavailableError } from '../errors.js';
import { revokedTokensTable, tokenRevokedChannel } from '../readModels/revokedTokens/projection.js';

/** What authentication asks: has this token id been revoked? */
export interface RevocationCheck {
  isRevoked(jti: string): Promise<boolean>;
  /** Takes a revocation this process just wrote into effect here at once. */
  noteRevoked(jti: string, expiresAt: Date): void;
}

export interface RevocationListOptions {
  pool: Pool;
  /** For the LISTEN connection. */
  connectionString: string;
  clock: Clock;
  /** The longest a revocation written by another process can go unseen here. */
  maxStalenessMs: number;
  /** Expired tokens are refused anyway; their rows are kept this much longer (clock skew). */
  expiryGraceSeconds?: number;
}

interface Snapshot {
  /** performance.now() when the query that read it started. */
  readAt: number;
  revoked: Map<string, number>;
}

// Each API process keeps the unexpired revoked jtis in memory. A NOTIFY on
// every insert makes the next check reload them (milliseconds); a snapshot
// older than maxStalenessMs is reloaded before answering, which bounds the
// delay when a notification is lost or the LISTEN connection is down. When
// the table cannot be read, authentication fails closed (503).
export class RevocationList implements RevocationCheck {
  private snapshot: Snapshot = { readAt: Number.NEGATIVE_INFINITY, revoked: new Map() };
  /**
   * Revocations this process noted itself, kept across reloads until the
   * table shows them or they expire: a revocation whose row could not be
   * written (its event is in the log; the projection adds the row later) must
   * not be forgotten by the next reload.
   */
  private readonly noted = new Map<string, number>();
  private notifiedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private listener: ChannelListener | undefined;
  private closed = false;

  constructor(private readonly options: RevocationListOptions) {}

  async isRevoked(jti: string): Promise<boolean> {
    this.listen();
    for (let attempt = 0; this.isStale() && attempt < 2; attempt += 1) {
      this.loading ??= this.reload().finally(() => {
        this.loading = undefined;
      });
      await this.loading;
    }
    return this.snapshot.revoked.has(jti);
  }

  noteRevoked(jti: string, expiresAt: Date): void {
    this.noted.set(jti, expiresAt.getTime());
    this.snapshot.revoked.set(jti, expiresAt.getTime());
    // A reload already running may have read the table before the row was
    // written; its snapshot is then stale on arrival and read again.
    this.notifiedAt = performance.now();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.close();
  }

  private isStale(): boolean {
    const { readAt } = this.snapshot;
    return readAt <= this.notifiedAt || performance.now() - readAt > this.options.maxStalenessMs;
  }

  private listen(): void {
    if (this.listener || this.closed) return;
    this.listener = listenToChannel(
      this.options.connectionString,
      tokenRevokedChannel,
      () => {
        this.notifiedAt = performance.now();
      },
      'revocation-listener',
    );
  }

  private async reload(): Promise<void> {
    const readAt = performance.now();
    const graceMs = (this.options.expiryGraceSeconds ?? 60) * 1000;
    let rows: { jti: string; expires_at: Date }[];
    try {
      ({ rows } = await this.options.pool.query<{ jti: string; expires_at: Date }>({
        name: 'load_revoked_tokens',
        text: `SELECT jti::text, expires_at FROM ${revokedTokensTable} WHERE expires_at > $1`,
        values: [new Date(this.options.clock.now().getTime() - graceMs)],
      }));
    } catch {
      throw new ServiceUnavailableError('Token revocations cannot be read right now');
    }
    const revoked = new Map(rows.map((row) => [row.jti, row.expires_at.getTime()]));
    const now = this.options.clock.now().getTime();
    for (const [jti, expiresAt] of this.noted) {
      if (revoked.has(jti) || expiresAt + graceMs <= now) this.noted.delete(jti);
      else revoked.set(jti, expiresAt);
    }
    this.snapshot = { readAt, revoked };
  }
}
