import type { VerifiedAccessToken } from '../../auth/accessTokens.js';
import type { VerifySettings } from '../../auth/authenticate.js';
import { ServiceUnavailableError } from '../../errors.js';
import { streamNames } from '../../events/streams.js';
import type { Logger } from '../../logger.js';
import {
  insertRevokedTokens,
  revokedTokensTable,
} from '../../readModels/revokedTokens/projection.js';
import { toNewEvents } from '../aggregateStream.js';
import type { CommandDeps } from '../commandDeps.js';
import { decideTokenRevocation, type TokenCaller } from './decideTokenRevocation.js';
import { isTokenRevoked } from './presentedToken.js';

export interface RevokeTokenDeps extends CommandDeps {
  tokenSettings: VerifySettings;
  logger: Logger;
}

export interface RevokeTokenCommand {
  caller: TokenCaller;
  /** The verified token, or undefined when it was invalid or expired. */
  token: VerifiedAccessToken | undefined;
  correlationId: string;
}

/**
 * RFC 7009. TokenRevoked goes to the token's own stream; once it is durably
 * appended the jti is written to revoked_tokens (which the revokedTokens
 * projection also fills from the log) and taken into effect in this process.
 * Returns whether a revocation was recorded; the HTTP answer is 200 either way.
 */
export async function revokeToken(
  deps: RevokeTokenDeps,
  command: RevokeTokenCommand,
): Promise<boolean> {
  const { token, caller } = command;
  const alreadyRevoked = token ? await isTokenRevoked(deps.pool, token.jti) : false;
  const revoked = decideTokenRevocation({ caller, token, alreadyRevoked });
  if (!revoked) return false;
  const now = deps.clock.now();
  await deps.eventStore.appendToStream(
    revoked.agentId
      ? streamNames.tokens(revoked.tenantId, revoked.agentId)
      : streamNames.adminTokens(revoked.tenantId),
    toNewEvents(
      [{ type: 'TokenRevoked', data: revoked }],
      revoked.tenantId,
      { actor: { type: caller.kind, id: caller.clientId }, correlationId: command.correlationId },
      now,
    ),
    { expectedRevision: 'any' },
  );
  const expiresAt = new Date(revoked.expiresAt);
  try {
    await insertRevokedTokens(deps.pool, revokedTokensTable, [
      {
        tenantId: revoked.tenantId,
        jti: revoked.jti,
        expiresAt: revoked.expiresAt,
        revokedAt: now.toISOString(),
      },
    ]);
  } catch (error) {
    // The event is in the log, so the projection will write the row; until
    // then other processes may still accept the token. Asking the client to
    // retry makes this process write it sooner.
    deps.logger.error({ err: error, jti: revoked.jti }, 'could not record a revoked token');
    deps.tokenSettings.revocations?.noteRevoked(revoked.jti, expiresAt);
    throw new ServiceUnavailableError('The revocation is recorded but not yet in effect; retry');
  }
  deps.tokenSettings.revocations?.noteRevoked(revoked.jti, expiresAt);
  return true;
}
