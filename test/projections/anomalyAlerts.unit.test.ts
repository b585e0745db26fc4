import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { anomalyAlerts } from '../../src/readModels/agentAnomalies/anomalyAlerts.js';
import type { Finding } from '../../src/readModels/agentAnomalies/anomalyModel.js';

const tenant = randomUUID();
const agent = randomUUID();
const hour = Date.parse('2026-11-25T10:00:00.000Z');
const now = new Date('2026-11-25T11:05:00.000Z');
const finding = (kind: Finding['kind']): Finding => ({
  kind,
  observed: 40,
  expected_low: 0,
  expected_high: 12,
  score: 6.5,
});
const none = () => [];

describe('anomaly alerts', () => {
  it('maps spike, drop and new_hour to anomaly.detected and failure_spike to agent.failures.spike', () => {
    const alerts = anomalyAlerts(
      tenant,
      [
        {
          agentId: agent,
          hour,
          findings: [finding('spike'), finding('new_hour'), finding('failure_spike')],
        },
      ],
      none,
      now,
    );
    expect(alerts.map((a) => [a.type, a.data.kind])).toEqual([
      ['anomaly.detected', 'spike'],
      ['anomaly.detected', 'new_hour'],
      ['agent.failures.spike', 'failure_spike'],
    ]);
    expect(alerts[0]).toEqual({
      id: expect.stringMatching(/^msg_/),
      tenantId: tenant,
      type: 'anomaly.detected',
      occurredAt: new Date('2026-11-25T11:00:00.000Z'),
      data: {
        agentId: agent,
        hour: '2026-11-25T10:00:00.000Z',
        kind: 'spike',
        observed: 40,
        expectedLow: 0,
        expectedHigh: 12,
        score: 6.5,
      },
    });
  });

  it('alerts only findings that appear, with the same id each time the hour is judged', () => {
    const judged = [{ agentId: agent, hour, findings: [finding('drop')] }];
    const first = anomalyAlerts(tenant, judged, none, now);
    const rejudged = anomalyAlerts(tenant, judged, () => [finding('drop')], now);
    const cameBack = anomalyAlerts(tenant, judged, none, now);
    expect(first).toHaveLength(1);
    expect(rejudged).toEqual([]);
    expect(cameBack.map((a) => a.id)).toEqual(first.map((a) => a.id));
  });

  it('says nothing about hours that closed more than a day ago', () => {
    const old = [{ agentId: agent, hour: hour - 25 * 3_600_000, findings: [finding('spike')] }];
    expect(anomalyAlerts(tenant, old, none, now)).toEqual([]);
  });
});
