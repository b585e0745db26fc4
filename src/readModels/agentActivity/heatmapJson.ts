// Writes the heatmap answer from per-agent rows of stored buckets and
// corrections: pure, so the merging is unit-tested without a database.
//
// One pass over the array text into a counts array per agent, then each
// agent's UTF-8 bytes written straight into one buffer. The answer is ~30,000
// buckets (2 MB) for a thousand agents: as strings (split arrays, a joined
// or concatenated text, then its encoding) it cost several times as much,
// most of it in allocation and garbage collection (bench/README.md, queries).

/**
 * agent id, hours of the week and counts as Postgres array text ('{0,5,29}');
 * hours '' when the counts are those of all 168 hours of the week in order.
 */
export type AgentHours = [agentId: string, hours: string, counts: string];

const hoursPerWeek = 168;
const comma = 44;
const minus = 45;
const zero = 48;

// What follows the agent id in a bucket, up to its count, per hour of the week.
const bucketTails = Array.from({ length: hoursPerWeek }, (_, how) =>
  Buffer.from(`","dow":${Math.floor(how / 24)},"hour":${how % 24},"count":`, 'latin1'),
);
const longestTail = Math.max(...bucketTails.map((tail) => tail.length));
const longestCount = String(Number.MAX_SAFE_INTEGER).length;

// Adds the counts of one row into `counts`: one per hour of the week when
// `hoursText` is empty, else one per hour it lists.
function addRow(counts: Float64Array, hoursText: string, countsText: string): void {
  const dense = hoursText === '';
  let at = 1;
  let countAt = 1;
  const end = dense ? countsText.length - 1 : hoursText.length - 1;
  for (let index = 0; (dense ? countAt : at) < end; index += 1) {
    let how = index;
    if (!dense) {
      how = 0;
      for (let code = hoursText.charCodeAt(at); code !== comma && at < end;) {
        how = how * 10 + (code - zero);
        at += 1;
        code = hoursText.charCodeAt(at);
      }
      at += 1;
    }
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

// The decimal digits of a positive integer at `at`; returns the end.
function writeCount(out: Buffer, at: number, count: number): number {
  let digits = 1;
  for (let rest = count; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
  let rest = count;
  for (let index = at + digits - 1; index >= at; index -= 1) {
    out[index] = zero + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

/** Each agent's counts by hour of the week, its rows added up. */
export function agentCounts(rows: readonly AgentHours[]): Map<string, Float64Array> {
  const agents = new Map<string, Float64Array>();
  for (const [agentId, hoursText, countsText] of rows) {
    let counts = agents.get(agentId);
    if (!counts) {
      counts = new Float64Array(hoursPerWeek);
      agents.set(agentId, counts);
    }
    addRow(counts, hoursText, countsText);
  }
  return agents;
}

/**
 * One agent's part of the answer: its buckets with a positive count, by day
 * of week and hour, comma-separated; empty when it has none.
 */
export function agentFragment(agentId: string, counts: Float64Array): Buffer {
  const head = Buffer.from(`{"agent_id":"${agentId}`, 'utf8');
  let buckets = 0;
  for (const count of counts) if (count > 0) buckets += 1;
  // An upper bound: every count as long as the longest safe integer.
  const out = Buffer.allocUnsafe(buckets * (head.length + longestTail + longestCount + 2));
  let at = 0;
  for (let how = 0; how < hoursPerWeek; how += 1) {
    const count = counts[how] as number;
    if (count <= 0) continue;
    if (at > 0) out[at++] = comma;
    at += head.copy(out, at);
    at += (bucketTails[how] as Buffer).copy(out, at);
    at = writeCount(out, at, count);
    out[at++] = 0x7d; // }
  }
  return out.subarray(0, at);
}

/** The JSON array of the agents' parts, in the order given; empty parts are skipped. */
export function joinFragments(fragments: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('[')];
  for (const fragment of fragments) {
    if (fragment.length === 0) continue;
    if (parts.length > 1) parts.push(separator);
    parts.push(fragment);
  }
  parts.push(Buffer.from(']'));
  return Buffer.concat(parts);
}

const separator = Buffer.from(',');

/** An agent's stored counts and its part of the answer, written from them. */
export interface AgentPart {
  counts: Float64Array;
  fragment: Buffer;
}

/**
 * The JSON (UTF-8) of the buckets with a positive sum, ordered by agent id
 * (lowercase uuids: text order is uuid order), day of week and hour: each
 * stored agent's part as it is, unless corrections touch the agent, whose
 * counts are then summed afresh. An agent may come in several correction
 * rows; their counts add up.
 */
export function heatmapJson(
  stored: ReadonlyMap<string, AgentPart>,
  corrections: readonly AgentHours[],
): Buffer {
  const corrected = agentCounts(corrections);
  for (const [agentId, counts] of corrected) {
    const part = stored.get(agentId);
    if (part)
      for (const [how, count] of part.counts.entries()) counts[how] = (counts[how] ?? 0) + count;
  }
  const agentIds = [...new Set([...stored.keys(), ...corrected.keys()])].sort();
  return joinFragments(
    agentIds.map((agentId) => {
      const counts = corrected.get(agentId);
      return counts ? agentFragment(agentId, counts) : (stored.get(agentId) as AgentPart).fragment;
    }),
  );
}
