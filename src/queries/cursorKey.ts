import { randomBytes } from 'node:crypto';
import type { Pool } from '../db/pool.js';

// The page cursor key lives in Postgres (server_secrets), not in
// configuration: every API process reads the same key with nothing to set up
// or keep in step, and the first process to need it makes it. It sits beside
// the signing keys, behind the same access. Replacing the row (or deleting
// it, so a new key is made) invalidates the cursors in circulation: their
// holders get a 400 and start from the first page.
const keyName = 'page-cursor';
const loaded = new WeakMap<Pool, Promise<Buffer>>();

export function cursorKey(pool: Pool): Promise<Buffer> {
  let key = loaded.get(pool);
  if (!key) {
    key = readOrCreate(pool);
    loaded.set(pool, key);
    // A failed read is not remembered: the next request tries again.
    key.catch(() => loaded.delete(pool));
  }
  return key;
}

async function readOrCreate(pool: Pool): Promise<Buffer> {
  const { rows } = await pool.query<{ secret: Buffer }>(
    `WITH made AS (
       INSERT INTO server_secrets (name, secret) VALUES ($1, $2)
       ON CONFLICT (name) DO NOTHING RETURNING secret)
     SELECT secret FROM made
     UNION ALL
     SELECT secret FROM server_secrets WHERE name = $1`,
    [keyName, randomBytes(32)],
  );
  const secret = rows[0]?.secret;
  if (secret) return secret;
  // Another process made the key while this statement ran: its snapshot missed it.
  const again = await pool.query<{ secret: Buffer }>(
    `SELECT secret FROM server_secrets WHERE name = $1`,
    [keyName],
  );
  if (!again.rows[0]) throw new Error('The page cursor key could not be read');
  return again.rows[0].secret;
}
