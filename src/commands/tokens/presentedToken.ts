import {
  InvalidAccessTokenError,
  verifyAccessToken,
  type VerifiedAccessToken,
} from '../../auth/accessTokens.js';
import type { VerifySettings } from '../../auth/authenticate.js';
import type { KeyRing } from '../../auth/signingKeys.js';
import type { Pool } from '../../db/pool.js';
import { revokedTokensTable } from '../../readModels/revokedTokens/projection.js';

/** A token sent for revocation or introspection: verified, or undefined when it is not ours or no longer valid. */
export async function verifyPresentedToken(
  keys: KeyRing,
  settings: VerifySettings,
  token: string,
): Promise<VerifiedAccessToken | undefined> {
  try {
    return await verifyAccessToken(keys, token, settings);
  } catch (error) {
    if (error instanceof InvalidAccessTokenError) return undefined;
    throw error;
  }
}

/** Straight from the table, not the per-process list: these answers must not lag. */
export async function isTokenRevoked(pool: Pool, jti: string): Promise<boolean> {
  const { rowCount } = await pool.query(`SELECT 1 FROM ${revokedTokensTable} WHERE jti = $1`, [
    jti,
  ]);
  return rowCount === 1;
}
