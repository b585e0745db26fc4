import type { Pool } from '../../db/pool.js';
import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
} from '../../eventstore/EventStore.js';
import { streamNames } from '../../events/streams.js';
import { agentTokenHoursProjection } from '../../readModels/agentTokenHours/projection.js';

export interface QuotaSeedDeps {
  pool: Pool;
  eventStore: EventStore;
}

export interface SeedTarget {
  tenantId: string;
  agentId: string;
  /** The quota period's UTC bounds: [start, end). */
  start: Date;
  end: Date;
}

const pageSize = 500;

// The read table's rows and the checkpoint they reflect, in one statement,
// so one snapshot: the projection moves both in one transaction.
const foldedSql = `
  SELECT (SELECT coalesce(sum(tokens), 0) FROM agent_token_hours
           WHERE tenant_id = $1 AND agent_id = $2 AND hour >= $3 AND hour < $4)::text AS tokens,
         c.commit_position::text AS commit, c.prepare_position::text AS prepare
    FROM (SELECT 1) AS one
    LEFT JOIN projection_checkpoints c ON c.projection = $5`;

/**
 * The agent's tokens issued in the period, as the log says: the
 * agentTokenHours rows of the period as of that projection's checkpoint,
 * plus the agent's TokenIssued events after the checkpoint (read from the
 * end of the agent's token stream back to the checkpoint) whose occurred-at
 * is in the period. Exact for every event in the log; a token whose
 * TokenIssued is not yet appended is not counted (see docs/security.md).
 */
export async function tokensIssuedInPeriod(
  deps: QuotaSeedDeps,
  target: SeedTarget,
): Promise<number> {
  const { rows } = await deps.pool.query<{
    tokens: string;
    commit: string | null;
    prepare: string | null;
  }>(foldedSql, [
    target.tenantId,
    target.agentId,
    target.start,
    target.end,
    agentTokenHoursProjection.name,
  ]);
  const row = rows[0] as { tokens: string; commit: string | null; prepare: string | null };
  const checkpoint: GlobalPosition = {
    commit: BigInt(row.commit ?? -1),
    prepare: BigInt(row.prepare ?? -1),
  };
  return Number(row.tokens) + (await unfoldedTokens(deps.eventStore, target, checkpoint));
}

async function unfoldedTokens(
  eventStore: EventStore,
  target: SeedTarget,
  checkpoint: GlobalPosition,
): Promise<number> {
  const stream = streamNames.tokens(target.tenantId, target.agentId);
  let count = 0;
  let fromRevision: bigint | undefined;
  for (;;) {
    const page = await eventStore.readStream(stream, {
      direction: 'backwards',
      maxCount: pageSize,
      ...(fromRevision !== undefined ? { fromRevision } : {}),
    });
    for (const event of page) {
      if (comparePositions(event.position, checkpoint) <= 0) return count;
      const at = Date.parse(event.metadata.occurredAt);
      if (event.type === 'TokenIssued' && at >= target.start.getTime() && at < target.end.getTime())
        count += 1;
    }
    const last = page.at(-1);
    if (page.length < pageSize || !last || last.streamRevision === 0n) return count;
    fromRevision = last.streamRevision - 1n;
  }
}
