// Writes the heatmap answer from per-agent rows of stored buckets and
// corrections: pure, so the merging is unit-tested without a database.
//
// One pass over the array text, into a counts array per agent, and one
// string built by concatenation: the answer is ~30,000 buckets for a
// thousand agents, and splitting the text into arrays of strings and
// numbers, then joining an array of parts, cost several times as much in
// allocation and collection (bench/README.md, queries).

/** agent id, hours of the week and counts as Postgres array text ('{0,5,29}'). */
export type AgentHours = [agentId: string, hours: string, counts: string];

const hoursPerWeek = 168;
const comma = 44;
const minus = 45;
const zero = 48;

// What follows the agent id in a bucket, up to its count, per hour of the week.
const bucketTails = Array.from(
  { length: hoursPerWeek },
  (_, how) => `","dow":${Math.floor(how / 24)},"hour":${how % 24},"count":`,
);

// Adds the counts of one row (two array texts of the same length) into `counts`.
function addRow(counts: Float64Array, hoursText: string, countsText: string): void {
  let at = 1;
  let countAt = 1;
  const end = hoursText.length - 1;
  while (at < end) {
    let how = 0;
    for (let code = hoursText.charCodeAt(at); code !== comma && at < end;) {
      how = how * 10 + (code - zero);
      at += 1;
      code = hoursText.charCodeAt(at);
    }
    at += 1;
    let count = 0;
    const negative = countsText.charCodeAt(countAt) === minus;
    if (negative) countAt += 1;
    for (let code = countsText.charCodeAt(countAt); code >= zero && code <= zero + 9;) {
      count = count * 10 + (code - zero);
      countAt += 1;
      code = countsText.charCodeAt(countAt);
    }
    countAt += 1;
    counts[how] = (counts[how] as number) + (negative ? -count : count);
  }
}

/**
 * The JSON text of the buckets with a positive sum, ordered by agent id
 * (lowercase uuids: text order is uuid order), day of week and hour. An agent
 * may come in several rows; their counts add up.
 */
export function heatmapJson(rows: readonly AgentHours[]): string {
  const agents = new Map<string, Float64Array>();
  for (const [agentId, hoursText, countsText] of rows) {
    let counts = agents.get(agentId);
    if (!counts) {
      counts = new Float64Array(hoursPerWeek);
      agents.set(agentId, counts);
    }
    addRow(counts, hoursText, countsText);
  }
  let json = '[';
  let separator = '';
  for (const agentId of [...agents.keys()].sort()) {
    const counts = agents.get(agentId) as Float64Array;
    const head = `{"agent_id":"${agentId}`;
    for (let how = 0; how < hoursPerWeek; how += 1) {
      const count = counts[how] as number;
      if (count > 0) {
        json += `${separator}${head}${bucketTails[how] as string}${count}}`;
        separator = ',';
      }
    }
  }
  return `${json}]`;
}
