/**
 * Per agent, the edge rows (agent_token_month_edges) of the caller's tenant
 * ($1) in the given ranges, each counted with its range's sign: what turns a
 * UTC month's count into the local month's. The three placeholders are the
 * ranges' from, to and sign arrays (localMonth.ts); none in UTC.
 */
export function monthEdgeSql(from: string, to: string, sign: string): string {
  return `SELECT e.agent_id, sum(e.count * r.sign) AS tokens
            FROM unnest(${from}::timestamptz[], ${to}::timestamptz[], ${sign}::int[]) AS r(from_at, to_at, sign)
            JOIN agent_token_month_edges e
              ON e.tenant_id = $1 AND e.quarter >= r.from_at AND e.quarter < r.to_at
           GROUP BY e.agent_id`;
}
