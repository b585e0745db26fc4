import { LRUCache } from 'lru-cache';
import { agentFragment, type AgentPart } from './heatmapJson.js';

// Each agent's counts and its part of the heatmap answer, kept per version
// of its stored row (the row's xmin, which every committed update changes).
// A busy tenant's answer is computed again after every projection batch, but
// a batch touches a few of its agents: the others' parts are reused, and
// their counts are not even read (getActivityHeatmap.ts).

const memoryBytes = 64 * 1024 * 1024;

// A transaction id comes round again only after billions of transactions;
// the age limit keeps an entry from living anywhere near that long.
const maxAgeMs = 60 * 60_000;

const parts = new LRUCache<string, AgentPart>({
  maxSize: memoryBytes,
  ttl: maxAgeMs,
  sizeCalculation: (part, key) => part.counts.byteLength + part.fragment.length + key.length,
});

function keyOf(tenantId: string, agentId: string, rowVersion: string): string {
  return `${tenantId}|${agentId}|${rowVersion}`;
}

export function knownAgentPart(
  tenantId: string,
  agentId: string,
  rowVersion: string,
): AgentPart | undefined {
  return parts.get(keyOf(tenantId, agentId, rowVersion));
}

export function keepAgentPart(
  tenantId: string,
  agentId: string,
  rowVersion: string,
  counts: Float64Array,
): AgentPart {
  const part = { counts, fragment: agentFragment(agentId, counts) };
  parts.set(keyOf(tenantId, agentId, rowVersion), part);
  return part;
}
