import { createHash } from 'node:crypto';
import type { PoolClient } from '../../db/pool.js';

// A live batch sends the same few statements every wake-up (each projection's
// upserts and reads, the checkpoint and version statements), differing only in
// their values. Sent unnamed, Postgres parses and plans every one of them
// every time; named, pg prepares each once per connection and then only binds
// and executes it.
//
// Not named:
// - a statement whose rows come from a star (`SELECT *`, `RETURNING *`): after
//   a column is added to its table, a prepared one fails with "cached plan
//   must not change result type" until its connection closes;
// - any text beyond the first `maxNamedTexts`, so SQL built from data could
//   never fill a backend's memory with prepared statements.
// A table renamed or replaced under a prepared statement (a rebuild's swap)
// is fine: Postgres analyses the statement again by name.

const maxNamedTexts = 512;
const names = new Map<string, string | null>();

const returnsStarRows = /^\s*(SELECT|WITH)\b[\s\S]*\*|RETURNING\s+\*/i;

/** The statement name for a query text, or null when it is to stay unnamed. */
export function statementName(text: string): string | null {
  const known = names.get(text);
  if (known !== undefined) return known;
  if (names.size >= maxNamedTexts) return null;
  const name = returnsStarRows.test(text)
    ? null
    : `live-${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
  names.set(text, name);
  return name;
}

/** The client, with every `query(text, values)` sent as a named statement where statementName allows. */
export function preparingClient(client: PoolClient): PoolClient {
  const preparing = Object.create(client) as PoolClient;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  preparing.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (
      typeof text === 'string' &&
      args.length <= 2 &&
      (values === undefined || Array.isArray(values))
    ) {
      const name = statementName(text);
      if (name !== null) return query({ name, text, values });
    }
    return query(...args);
  }) as PoolClient['query'];
  return preparing;
}
