// One line of detail for an event in an agent's latest-events list.
import type { AuditEvent } from '#lib/analyticsSchemas';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.join(' ') : 'none';
}

export function auditEventSummary(event: AuditEvent): string {
  const { data } = event;
  switch (event.type) {
    case 'TokenIssued':
      return `scopes: ${list(data.scopes)}`;
    case 'TokenRequestRejected':
      return [text(data.error), text(data.reason)].filter(Boolean).join(': ');
    case 'TokenRevoked':
      return `revoked by ${text(data.revokedBy) ?? 'unknown'}`;
    case 'AgentRegistered':
      return `registered as ${text(data.name) ?? '?'}, scopes: ${list(data.scopes)}`;
    case 'AgentUpdated':
      return `changed: ${
        Object.keys(data)
          .filter((key) => key !== 'tenantId' && key !== 'agentId')
          .join(', ') || 'nothing'
      }`;
    case 'AgentDeactivated':
      return text(data.reason) ?? 'deactivated';
    case 'AgentSecretRotated':
      return 'new client secret';
    default:
      return '';
  }
}

const timestamp = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** "Nov 25, 14:03:07 UTC" */
export function formatEventTime(instant: string): string {
  return `${timestamp.format(new Date(instant))} UTC`;
}
