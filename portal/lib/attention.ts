// The "Needs attention" list: anomalies and failing agents, each explained in one line.
import type { AgentFailures, Anomaly } from '#lib/analyticsSchemas';
import { formatCount } from '#lib/format';

export interface AttentionItem {
  key: string;
  agentId: string;
  name: string;
  /** A short tag: "Spike", "Drop", "New hour", "Failure spike", "Failing". */
  label: string;
  explanation: string;
}

const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' });

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** "Tue 14:00–15:00 UTC" for the UTC hour starting at `hour`. */
export function formatUtcHour(hour: string): string {
  const start = new Date(hour);
  const from = start.getUTCHours();
  return `${weekday.format(start)} ${twoDigits(from)}:00–${twoDigits((from + 1) % 24)}:00 UTC`;
}

/** "25–40", "30" when the bounds meet, "none" when both are 0. */
export function formatExpected(low: number, high: number): string {
  const from = Math.max(0, Math.round(low));
  const to = Math.max(from, Math.round(high));
  if (to === 0) return 'none';
  return from === to ? formatCount(from) : `${formatCount(from)}–${formatCount(to)}`;
}

const anomalyLabels: Record<string, string> = {
  spike: 'Spike',
  drop: 'Drop',
  new_hour: 'New hour',
  failure_spike: 'Failure spike',
};

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** "412 tokens Tue 14:00–15:00 UTC; usually 25–40". */
export function explainAnomaly(anomaly: Anomaly): string {
  const observed = Math.round(anomaly.observed);
  const what =
    anomaly.kind === 'failure_spike'
      ? plural(observed, 'failed request', 'failed requests')
      : plural(observed, 'token', 'tokens');
  const usual = formatExpected(anomaly.expected_low, anomaly.expected_high);
  const expected = usual === 'none' ? 'usually none at this hour' : `usually ${usual}`;
  return `${what} ${formatUtcHour(anomaly.hour)}; ${expected}`;
}

/** "37 failed requests in 7 days, mostly invalid_client". */
export function explainFailures(agent: AgentFailures, days: number): string {
  const reasons = Object.entries(agent.by_reason).sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
  );
  const [top] = reasons;
  const total = plural(agent.failures, 'failed request', 'failed requests');
  const window = `in ${days} day${days === 1 ? '' : 's'}`;
  if (top === undefined) return `${total} ${window}`;
  const share = reasons.length === 1 ? 'all' : 'mostly';
  return `${total} ${window}, ${share} ${top[0]}`;
}

/** Anomalies first (highest score first), then failing agents (most failures first). */
export function attentionItems(
  anomalies: readonly Anomaly[],
  failing: readonly AgentFailures[],
  days: number,
): AttentionItem[] {
  const fromAnomalies = [...anomalies]
    .sort((a, b) => b.score - a.score || (a.hour < b.hour ? 1 : -1))
    .map((anomaly) => ({
      key: `anomaly|${anomaly.agent_id}|${anomaly.kind}|${anomaly.hour}`,
      agentId: anomaly.agent_id,
      name: anomaly.name,
      label: anomalyLabels[anomaly.kind] ?? anomaly.kind,
      explanation: explainAnomaly(anomaly),
    }));
  const fromFailures = failing.map((agent) => ({
    key: `failing|${agent.agent_id}`,
    agentId: agent.agent_id,
    name: agent.name,
    label: 'Failing',
    explanation: explainFailures(agent, days),
  }));
  return [...fromAnomalies, ...fromFailures];
}
