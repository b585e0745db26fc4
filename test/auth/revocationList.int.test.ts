import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RevocationList } from '../../src/auth/revocationList.js';
import { fixedClock } from '../../src/clock.js';
import { createPool } from '../../src/db/pool.js';
import { ServiceUnavailableError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

// The per-process list of revoked jtis: its delay is bounded without notifications too,
// expired revocations are dropped, and it fails closed.

const now = '2026-11-25T12:00:00.000Z';
const tenantId = randomUUID();

describe('RevocationList', () => {
  let db: TestDatabase;
  const insertSilently = (jti: string, expiresAt: string) =>
    // No NOTIFY: as if the notification was lost.
    db.pool.query(
      `INSERT INTO revoked_tokens (tenant_id, jti, expires_at, revoked_at) VALUES ($1, $2, $3, $4)`,
      [tenantId, jti, expiresAt, now],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('sees a revocation without its notification once the snapshot is older than the bound', async () => {
    const list = new RevocationList({
      pool: db.pool,
      connectionString: db.url,
      clock: fixedClock(now),
      maxStalenessMs: 400,
    });
    try {
      const jti = randomUUID();
      expect(await list.isRevoked(jti)).toBe(false);
      // Let the listener connect (its connect makes the list reload once).
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await list.isRevoked(jti)).toBe(false);
      await insertSilently(jti, '2026-11-25T13:00:00.000Z');
      const inserted = performance.now();
      while (!(await list.isRevoked(jti))) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const delay = performance.now() - inserted;
      // The bound, plus a reload and this loop's polling on a busy machine.
      expect(delay).toBeLessThan(400 + 300);
    } finally {
      await list.close();
    }
  });

  it('keeps a revocation it noted itself across reloads while its row is missing', async () => {
    const list = new RevocationList({
      pool: db.pool,
      connectionString: db.url,
      clock: fixedClock(now),
      maxStalenessMs: 50,
    });
    try {
      const jti = randomUUID();
      // The row could not be written (its event is in the log): only this note holds it.
      list.noteRevoked(jti, new Date('2026-11-25T13:00:00.000Z'));
      expect(await list.isRevoked(jti)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120)); // past the bound: reloaded
      expect(await list.isRevoked(jti)).toBe(true);
    } finally {
      await list.close();
    }
  });

  it('does not hold revocations of tokens that have long expired', async () => {
    const list = new RevocationList({
      pool: db.pool,
      connectionString: db.url,
      clock: fixedClock(now),
      maxStalenessMs: 5000,
    });
    try {
      const expired = randomUUID();
      const live = randomUUID();
      await insertSilently(expired, '2026-11-25T11:00:00.000Z');
      await insertSilently(live, '2026-11-25T12:30:00.000Z');
      expect(await list.isRevoked(expired)).toBe(false);
      expect(await list.isRevoked(live)).toBe(true);
    } finally {
      await list.close();
    }
  });

  it('fails closed when the table cannot be read', async () => {
    const unreachable = createPool({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });
    const list = new RevocationList({
      pool: unreachable,
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      clock: fixedClock(now),
      maxStalenessMs: 5000,
    });
    try {
      await expect(list.isRevoked(randomUUID())).rejects.toBeInstanceOf(ServiceUnavailableError);
    } finally {
      await list.close();
      await unreachable.end();
    }
  });
});
