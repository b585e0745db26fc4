import { randomUUID } from 'node:crypto';
import { streamNames } from '../../../src/events/streams.js';
import type { EventStore, NewEvent } from '../../../src/eventstore/EventStore.js';

// A weekly token history for an agent with anomalies at known hours: busy on
// weekdays at given UTC hours, exactly `perHour` tokens each (no noise, so the
// expected findings are exact), with some hours overridden.

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
export const weekMs = 7 * dayMs;

/** A Monday, 00:00 UTC: the start of week 0. */
export const historyStart = Date.parse('2026-10-05T00:00:00.000Z');

/** Start of an hour: week, day of the week (0 = Monday) and UTC hour of day. */
export function hourAt(week: number, day: number, hour: number): number {
  return historyStart + week * weekMs + day * dayMs + hour * hourMs;
}

export interface HourCounts {
  issued: number;
  rejected: number;
}

export interface AgentHistory {
  tenantId: string;
  agentId: string;
  weeks: number;
  /** The first week written (0 when not given). */
  fromWeek?: number;
  /** UTC hours of the day the agent works on weekdays. */
  workHours: number[];
  perHour: number;
  /** Hour start -> counts replacing the pattern's. */
  overrides?: ReadonlyMap<number, HourCounts>;
}

export function plannedHours(history: AgentHistory): Map<number, HourCounts> {
  const hours = new Map<number, HourCounts>();
  for (let week = history.fromWeek ?? 0; week < history.weeks; week += 1) {
    for (let day = 0; day < 5; day += 1) {
      for (const hour of history.workHours) {
        hours.set(hourAt(week, day, hour), { issued: history.perHour, rejected: 0 });
      }
    }
  }
  const first = hourAt(history.fromWeek ?? 0, 0, 0);
  const end = hourAt(history.weeks, 0, 0);
  for (const [hour, counts] of history.overrides ?? []) {
    if (hour >= first && hour < end) hours.set(hour, counts);
  }
  return hours;
}

const clientIdOf = (agentId: string) => `agt_${agentId.replaceAll('-', '').slice(0, 24)}`;

function tokenEvent(tenantId: string, agentId: string, at: number, rejected: boolean): NewEvent {
  const metadata = {
    tenantId,
    occurredAt: new Date(at).toISOString(),
    actor: { type: 'system' as const, id: 'history' },
    correlationId: randomUUID(),
    causationId: null,
  };
  const clientId = clientIdOf(agentId);
  return rejected
    ? {
        type: 'TokenRequestRejected',
        data: { tenantId, agentId, clientId, error: 'invalid_client', reason: 'bad secret' },
        metadata,
      }
    : {
        type: 'TokenIssued',
        data: {
          tenantId,
          agentId,
          clientId,
          jti: randomUUID(),
          scopes: ['read'],
          expiresAt: '2030-01-01T00:00:00.000Z',
        },
        metadata,
      };
}

/**
 * Appends the history in chunks. Within each day the chunks go newest first,
 * so projections meet events of hours they have already closed.
 */
export async function appendHistory(store: EventStore, history: AgentHistory): Promise<number> {
  const byDay = new Map<number, NewEvent[]>();
  for (const [hour, counts] of [...plannedHours(history)].sort(([a], [b]) => a - b)) {
    const events: NewEvent[] = [];
    const total = counts.issued + counts.rejected;
    for (let i = 0; i < total; i += 1) {
      const at = hour + Math.floor(((i + 1) * hourMs) / (total + 1));
      events.push(tokenEvent(history.tenantId, history.agentId, at, i >= counts.issued));
    }
    const day = Math.floor(hour / dayMs);
    byDay.set(day, [...(byDay.get(day) ?? []), ...events]);
  }
  const stream = streamNames.tokens(history.tenantId, history.agentId);
  let appended = 0;
  for (const [, events] of [...byDay].sort(([a], [b]) => a - b)) {
    const chunks: NewEvent[][] = [];
    for (let i = 0; i < events.length; i += 25) chunks.push(events.slice(i, i + 25));
    for (const chunk of chunks.reverse()) {
      await store.appendToStream(stream, chunk);
      appended += chunk.length;
    }
  }
  return appended;
}

/** One event that moves the tenant's clock to `at`, closing every hour before. */
export async function appendClosingToken(
  store: EventStore,
  tenantId: string,
  agentId: string,
  at: number,
): Promise<void> {
  await store.appendToStream(streamNames.tokens(tenantId, agentId), [
    tokenEvent(tenantId, agentId, at, false),
  ]);
}
