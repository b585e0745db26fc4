import type { WebhookEventType } from '../../contract.js';
import { alertId, type Alert } from '../../webhooks/alerts/alert.js';
import type { AnomalyKind, Finding } from './anomalyModel.js';

const hourMs = 3_600_000;

/**
 * Findings about hours that closed longer ago than this are not alerted: a
 * first run or a rebuild over old history has nothing current to say.
 */
export const anomalyAlertGraceMs = 24 * hourMs;

export function alertTypeOf(kind: AnomalyKind): WebhookEventType {
  return kind === 'failure_spike' ? 'agent.failures.spike' : 'anomaly.detected';
}

export interface JudgedHour {
  agentId: string;
  /** Epoch milliseconds of the UTC hour's start. */
  hour: number;
  findings: readonly Finding[];
}

/**
 * The alerts for findings that appear in a judged hour (pure): one per
 * agent, hour and kind, whatever later judgements of the same hour say. A
 * finding that goes and comes back keeps its id, so it is not sent twice.
 */
export function anomalyAlerts(
  tenantId: string,
  judged: readonly JudgedHour[],
  findingsBefore: (agentId: string, hour: number) => readonly Finding[],
  now: Date,
): Alert[] {
  const alerts: Alert[] = [];
  for (const entry of judged) {
    const closedAt = entry.hour + hourMs;
    if (closedAt + anomalyAlertGraceMs <= now.getTime()) continue;
    const known = new Set(findingsBefore(entry.agentId, entry.hour).map((f) => f.kind));
    for (const finding of entry.findings) {
      if (known.has(finding.kind)) continue;
      const type = alertTypeOf(finding.kind);
      const hour = new Date(entry.hour).toISOString();
      alerts.push({
        id: alertId(type, tenantId, [entry.agentId, hour, finding.kind]),
        tenantId,
        type,
        occurredAt: new Date(closedAt),
        data: {
          agentId: entry.agentId,
          hour,
          kind: finding.kind,
          observed: finding.observed,
          expectedLow: finding.expected_low,
          expectedHigh: finding.expected_high,
          score: finding.score,
        },
      });
    }
  }
  return alerts;
}
