// Writes the heatmap answer from per-agent rows of stored buckets and
// corrections: pure, so the merging is unit-tested without a database.

/** agent id, hours of the week and counts as Postgres array text ('{0,5,29}'). */
export type AgentHours = [agentId: string, hours: string, counts: string];

const hoursPerWeek = 168;

function integers(arrayText: string): number[] {
  const inner = arrayText.slice(1, -1);
  return inner === '' ? [] : inner.split(',').map(Number);
}

/**
 * The JSON text of the buckets with a positive sum, ordered by agent id
 * (lowercase uuids: text order is uuid order), day of week and hour. An agent
 * may come in several rows; their counts add up.
 */
export function heatmapJson(rows: readonly AgentHours[]): string {
  const agents = new Map<string, number[]>();
  for (const [agentId, hoursText, countsText] of rows) {
    let counts = agents.get(agentId);
    if (!counts) {
      counts = new Array<number>(hoursPerWeek).fill(0);
      agents.set(agentId, counts);
    }
    const hours = integers(hoursText);
    const values = integers(countsText);
    for (const [index, how] of hours.entries())
      counts[how] = (counts[how] ?? 0) + (values[index] ?? 0);
  }
  const parts: string[] = [];
  for (const agentId of [...agents.keys()].sort()) {
    const counts = agents.get(agentId) as number[];
    const head = `{"agent_id":"${agentId}","dow":`;
    for (let how = 0; how < hoursPerWeek; how += 1) {
      const count = counts[how] as number;
      if (count > 0)
        parts.push(`${head}${Math.floor(how / 24)},"hour":${how % 24},"count":${count}}`);
    }
  }
  return `[${parts.join(',')}]`;
}
