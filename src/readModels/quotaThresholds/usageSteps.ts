import type { QuotaMode, QuotaPeriod } from '../../contract.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { KeyedRows } from '../keyedRows.js';

/** A run of an agent's tokens in one UTC hour, with no quota change among them. */
export interface TokenRun {
  kind: 'tokens';
  /** Epoch milliseconds of the hour's start: every period key of the run follows from it. */
  hour: number;
  /** Each token's time in epoch milliseconds, in log order: a threshold alert carries the crossing one's. */
  times: number[];
}

export type UsageStep =
  | TokenRun
  | {
      kind: 'quotaSet';
      id: string;
      limit: number;
      period: QuotaPeriod;
      mode: QuotaMode;
      at: number;
    }
  | { kind: 'quotaRemoved' };

/** One agent's part of a batch, in log order. */
export interface AgentUsageSteps {
  tenantId: string;
  agentId: string;
  steps: UsageStep[];
}

const hourMs = 3_600_000;

// An agent's quota and usage move only by its own events, so a batch folds
// into each agent's steps, tokens of one hour counted as one run: the work
// per event, done once, where the table is not needed. Pure; agents in the
// order they first appear.
export function foldUsageSteps(events: readonly ProjectedEvent[]): AgentUsageSteps[] {
  const agents = new KeyedRows<AgentUsageSteps>();
  const stepsOf = (tenantId: string, agentId: string): UsageStep[] =>
    agents.at([tenantId, agentId] as const, agentSteps).steps;
  for (const event of events) {
    switch (event.type) {
      case 'AgentQuotaSet': {
        const { agentId, limit, period, mode } = event.data;
        const at = event.occurredAt.getTime();
        stepsOf(event.tenantId, agentId).push({
          kind: 'quotaSet',
          id: event.id,
          limit,
          period,
          mode,
          at,
        });
        break;
      }
      case 'AgentQuotaRemoved':
        stepsOf(event.tenantId, event.data.agentId).push({ kind: 'quotaRemoved' });
        break;
      case 'TokenIssued': {
        if (event.data.agentId === null) break;
        const steps = stepsOf(event.tenantId, event.data.agentId);
        const at = event.occurredAt.getTime();
        const hour = Math.floor(at / hourMs) * hourMs;
        const last = steps.at(-1);
        if (last?.kind === 'tokens' && last.hour === hour) last.times.push(at);
        else steps.push({ kind: 'tokens', hour, times: [at] });
        break;
      }
      case 'TenantCreated':
      case 'TenantAdminClientIssued':
      case 'TenantAdminSecretRotated':
      case 'TenantTimeZoneChanged':
      case 'AgentRegistered':
      case 'AgentUpdated':
      case 'AgentSecretRotated':
      case 'AgentDeactivated':
      case 'TokenRevoked':
      case 'TokenRequestRejected':
      case 'WebhookSubscribed':
      case 'WebhookUnsubscribed':
        break;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }
  return agents.rows;
}

function agentSteps([tenantId, agentId]: readonly [string, string]): AgentUsageSteps {
  return { tenantId, agentId, steps: [] };
}
