// Writes the heatmap answer from per-agent rows of stored buckets and
// corrections: pure, so the merging is unit-tested without a database.
//
// One pass over the array text into a counts array per agent, then the
// UTF-8 bytes written straight into one buffer. The answer is ~30,000
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

/**
 * The JSON (UTF-8) of the buckets with a positive sum, ordered by agent id
 * (lowercase uuids: text order is uuid order), day of week and hour. An agent
 * may come in several rows; their counts add up.
 */
export function heatmapJson(rows: readonly AgentHours[]): Buffer {
  const agents = new Map<string, Float64Array>();
  for (const [agentId, hoursText, countsText] of rows) {
    let counts = agents.get(agentId);
    if (!counts) {
      counts = new Float64Array(hoursPerWeek);
      agents.set(agentId, counts);
    }
    addRow(counts, hoursText, countsText);
  }
  const heads = new Map<string, Buffer>();
  let buckets = 0;
  let headBytes = 0;
  for (const [agentId, counts] of agents) {
    const head = Buffer.from(`{"agent_id":"${agentId}`, 'utf8');
    heads.set(agentId, head);
    for (const count of counts) {
      if (count > 0) {
        buckets += 1;
        headBytes += head.length;
      }
    }
  }
  // An upper bound: every count as long as the longest safe integer.
  const out = Buffer.allocUnsafe(2 + headBytes + buckets * (longestTail + longestCount + 2));
  let at = 0;
  out[at++] = 0x5b; // [
  for (const agentId of [...agents.keys()].sort()) {
    const counts = agents.get(agentId) as Float64Array;
    const head = heads.get(agentId) as Buffer;
    for (let how = 0; how < hoursPerWeek; how += 1) {
      const count = counts[how] as number;
      if (count <= 0) continue;
      if (at > 1) out[at++] = comma;
      out.set(head, at);
      at += head.length;
      const tail = bucketTails[how] as Buffer;
      out.set(tail, at);
      at += tail.length;
      at = writeCount(out, at, count);
      out[at++] = 0x7d; // }
    }
  }
  out[at++] = 0x5d; // ]
  return out.subarray(0, at);
}
