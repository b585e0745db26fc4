import type { PoolClient } from '../../db/pool.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../cursor.js';
import { agentColumns, toAgentView, type AgentRow, type AgentView } from './agentRow.js';

const cursorKind = 'agents';
const cursorPatterns = [
  /^-?\d{1,18}$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
];

// Registration instants the cursor may carry, in epoch microseconds: years
// 1 to 9999, well inside what timestamptz and the interval arithmetic below take.
const earliestUs = -62_135_596_800_000_000n;
const latestUs = 253_402_300_799_999_999n;

// Newest first, keyset-paged on (registered_at, agent_id). The cursor carries
// registered_at as epoch microseconds: a JS Date would drop the microseconds
// and repeat or skip agents registered within the same millisecond.
const sql = `
  SELECT ${agentColumns('$6')},
         (extract(epoch FROM registered_at) * 1000000)::bigint::text AS registered_us
    FROM agents
   WHERE tenant_id = $1
     AND ($2::text IS NULL OR status = $2)
     AND ($3::bigint IS NULL OR (registered_at, agent_id) <
          (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::uuid))
   ORDER BY registered_at DESC, agent_id DESC
   LIMIT $5`;

export interface AgentsQuery {
  tenantId: string;
  limit: number;
  status?: 'active' | 'deactivated' | undefined;
  cursor?: string | undefined;
  /** The page cursor key (cursorKey.ts). */
  cursorKey: Buffer;
  /** Places each quota's current period. */
  now: Date;
}

export interface AgentsPage {
  items: AgentView[];
  next_cursor: string | null;
}

export async function getAgents(client: PoolClient, query: AgentsQuery): Promise<AgentsPage> {
  const after = query.cursor ? decodeAfter(query, query.cursor) : [null, null];
  const { rows } = await client.query<AgentRow & { registered_us: string }>(sql, [
    query.tenantId,
    query.status ?? null,
    after[0],
    after[1],
    query.limit + 1,
    query.now,
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toAgentView(row, query.now)),
    next_cursor:
      rows.length > query.limit && last
        ? encodeCursor(query.cursorKey, cursorKind, query.tenantId, [
            last.registered_us,
            last.agent_id,
          ])
        : null,
  };
}

function decodeAfter(query: AgentsQuery, cursor: string): string[] {
  const after = decodeCursor(query.cursorKey, cursor, cursorKind, query.tenantId, cursorPatterns);
  const registeredUs = BigInt(after[0] as string);
  if (registeredUs < earliestUs || registeredUs > latestUs) throw invalidCursor();
  return after;
}
