import { randomUUID } from 'node:crypto';
import { streamNames } from '../../../src/events/streams.js';
import type { EventStore, NewEvent } from '../../../src/eventstore/EventStore.js';

// A reproducible mix of agent and token events across tenants, with
// occurred-at instants spread over day and month boundaries and appended by
// concurrent writers, so commits interleave across streams. Tenants change
// their reporting time zone now and then.

interface Agent {
  tenantId: string;
  agentId: string;
  clientId: string;
  registered: boolean;
  deactivated: boolean;
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const reportingZones = [
  'UTC',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/New_York',
  'Europe/Berlin',
] as const;

const base = Date.parse('2026-01-30T20:00:00.000Z');
const spanMs = 4 * 24 * 3600 * 1000;

export interface Workload {
  /** Appends `count` events; resolves when all are durably stored. */
  append(count: number, options?: { concurrency?: number }): Promise<number>;
}

export function createWorkload(store: EventStore, seed = 1): Workload {
  const random = prng(seed);
  const tenants = [randomUUID(), randomUUID(), randomUUID()];
  const agents: Agent[] = [];
  let lastRevoked: string | undefined;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const metadata = (tenantId: string) => ({
    tenantId,
    occurredAt: new Date(base + Math.floor(random() * spanMs)).toISOString(),
    actor: { type: 'system' as const, id: 'workload' },
    correlationId: randomUUID(),
    causationId: null,
  });

  const next = (): { stream: string; event: NewEvent } => {
    const roll = random();
    const live = agents.filter((a) => !a.deactivated);
    if (agents.length < 12 || roll < 0.04 || live.length === 0) {
      const tenantId = pick(tenants);
      const agentId = randomUUID();
      const agent = {
        tenantId,
        agentId,
        clientId: `agt_${agentId.replace(/-/g, '').slice(0, 24)}`,
        registered: true,
        deactivated: false,
      };
      agents.push(agent);
      return {
        stream: streamNames.agent(tenantId, agentId),
        event: {
          type: 'AgentRegistered',
          data: {
            tenantId,
            agentId,
            clientId: agent.clientId,
            name: `agent ${agents.length}`,
            description: random() < 0.5 ? null : 'does things',
            scopes: ['read'],
          },
          metadata: metadata(tenantId),
        },
      };
    }
    const agent = pick(live);
    const { tenantId, agentId, clientId } = agent;
    const agentStream = streamNames.agent(tenantId, agentId);
    const tokenStream = streamNames.tokens(tenantId, agentId);
    if (roll < 0.065) {
      // Quotas come and go: set (with any period and mode) three times as often as removed.
      const periods = ['hour', 'day', 'month'] as const;
      return {
        stream: agentStream,
        event:
          random() < 0.75
            ? {
                type: 'AgentQuotaSet',
                data: {
                  tenantId,
                  agentId,
                  limit: 1 + Math.floor(random() * 1000),
                  period: periods[Math.floor(random() * 3)] as (typeof periods)[number],
                  mode: random() < 0.5 ? 'monitor' : 'enforce',
                },
                metadata: metadata(tenantId),
              }
            : {
                type: 'AgentQuotaRemoved',
                data: { tenantId, agentId },
                metadata: metadata(tenantId),
              },
      };
    }
    if (roll < 0.07) {
      return {
        stream: agentStream,
        event: {
          type: 'AgentUpdated',
          data:
            random() < 0.5
              ? { tenantId, agentId, name: `renamed ${Math.floor(random() * 1000)}` }
              : { tenantId, agentId, description: null, scopes: ['read', 'write'] },
          metadata: metadata(tenantId),
        },
      };
    }
    if (roll < 0.09) {
      return {
        stream: agentStream,
        event: {
          type: 'AgentSecretRotated',
          data: { tenantId, agentId, clientId },
          metadata: metadata(tenantId),
        },
      };
    }
    if (roll < 0.1) {
      agent.deactivated = true;
      return {
        stream: agentStream,
        event: {
          type: 'AgentDeactivated',
          data: { tenantId, agentId, reason: 'done' },
          metadata: metadata(tenantId),
        },
      };
    }
    if (roll < 0.16) {
      return {
        stream: tokenStream,
        event: {
          type: 'TokenRequestRejected',
          data: {
            tenantId,
            agentId: random() < 0.7 ? agentId : null,
            clientId,
            error: 'invalid_scope',
            reason: 'scope not granted',
          },
          metadata: metadata(tenantId),
        },
      };
    }
    if (roll < 0.17) {
      // Now and then the same token twice: the first revocation is the one kept.
      const jti = lastRevoked && random() < 0.3 ? lastRevoked : randomUUID();
      lastRevoked = jti;
      return {
        stream: tokenStream,
        event: {
          type: 'TokenRevoked',
          data: {
            tenantId,
            agentId,
            clientId,
            jti,
            expiresAt: '2030-01-01T00:00:00.000Z',
            revokedBy: clientId,
          },
          metadata: metadata(tenantId),
        },
      };
    }
    if (roll < 0.23 && roll >= 0.22) {
      // Now and then a tenant reports in another zone: the zone-keyed heatmap is derived again.
      return {
        stream: streamNames.tenant(tenantId),
        event: {
          type: 'TenantTimeZoneChanged',
          data: { tenantId, timeZone: pick(reportingZones) },
          metadata: metadata(tenantId),
        },
      };
    }
    if (roll < 0.22) {
      return {
        stream: streamNames.adminTokens(tenantId),
        event: {
          type: 'TokenIssued',
          data: {
            tenantId,
            agentId: null,
            clientId: 'adm_0123456789abcdef0123',
            jti: randomUUID(),
            scopes: ['admin'],
            expiresAt: '2030-01-01T00:00:00.000Z',
          },
          metadata: metadata(tenantId),
        },
      };
    }
    return {
      stream: tokenStream,
      event: {
        type: 'TokenIssued',
        data: {
          tenantId,
          agentId,
          clientId,
          jti: randomUUID(),
          scopes: ['read'],
          expiresAt: '2030-01-01T00:00:00.000Z',
        },
        metadata: metadata(tenantId),
      },
    };
  };

  // Events of one agent stream are appended by one writer at a time, in the
  // order they were generated; different streams race.
  let chain = new Map<string, Promise<unknown>>();
  return {
    async append(count, options = {}) {
      const concurrency = options.concurrency ?? 8;
      const planned = Array.from({ length: count }, next);
      let cursor = 0;
      const writer = async (): Promise<void> => {
        while (cursor < planned.length) {
          const { stream, event } = planned[cursor++] as { stream: string; event: NewEvent };
          const previous = chain.get(stream) ?? Promise.resolve();
          const current = previous.then(() => store.appendToStream(stream, [event]));
          chain.set(stream, current);
          await current;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, writer));
      chain = new Map();
      return count;
    },
  };
}
