import { randomUUID } from 'node:crypto';
import { fixedClock } from '../clock.js';
import type { CommandDeps, CommandOrigin } from '../commands/commandDeps.js';
import { deactivateAgent } from '../commands/agents/deactivateAgent.js';
import { registerAgent } from '../commands/agents/registerAgent.js';
import { updateAgent } from '../commands/agents/updateAgent.js';
import { createTenant } from '../commands/tenants/createTenant.js';
import { streamNames } from '../events/streams.js';
import type { NewEvent } from '../eventstore/EventStore.js';
import { demoAgents, type DemoAgent } from './demoAgents.js';
import type { DemoState } from './demoState.js';
import { lifecycleInstant, planFailureBursts, planTokenHistory } from './historyPlan.js';
import { seededRandom } from './random.js';

export interface SeedOptions {
  tenantName?: string;
  days?: number;
  seed?: number;
  agents?: readonly DemoAgent[];
  /** Called as history is written: events written so far, and the total. */
  onProgress?(written: number, total: number): void;
}

const tokenTtlMs = 3_600_000;

// Creates a demo tenant whose whole history goes through the command services
// and the event store port with its original occurred-at (a clock set to each
// moment), so the read tables come from projections only.
export async function seedDemoTenant(
  deps: CommandDeps,
  options: SeedOptions = {},
): Promise<DemoState> {
  const now = deps.clock.now();
  const days = options.days ?? 90;
  const agents = options.agents ?? demoAgents;
  const at = (instant: Date): CommandDeps => ({ ...deps, clock: fixedClock(instant) });
  const origin = (): CommandOrigin => ({
    actor: { type: 'system', id: 'demo-seed' },
    correlationId: randomUUID(),
  });

  // The tenant exists before its oldest agent, also when only recent history is written.
  const tenantDaysAgo = Math.max(days, ...agents.map((agent) => agent.registeredDaysAgo));
  const tenant = await createTenant(at(lifecycleInstant(now, tenantDaysAgo)), {
    name: options.tenantName ?? 'Acme Robotics (demo)',
    origin: origin(),
  });
  const adminOrigin = (): CommandOrigin => ({
    actor: { type: 'admin', id: tenant.adminClientId },
    correlationId: randomUUID(),
  });

  const registered = [];
  for (const agent of agents) {
    const created = await registerAgent(at(lifecycleInstant(now, agent.registeredDaysAgo)), {
      tenantId: tenant.tenantId,
      name: agent.name,
      description: agent.description,
      scopes: agent.scopes,
      origin: adminOrigin(),
    });
    registered.push({
      agent,
      agentId: created.agent.agentId,
      clientId: created.agent.clientId,
      clientSecret: created.clientSecret,
    });
  }
  for (const { agent, agentId } of registered) {
    if (agent.renamedTo) {
      await updateAgent(at(lifecycleInstant(now, agent.renamedTo.daysAgo)), {
        tenantId: tenant.tenantId,
        agentId,
        name: agent.renamedTo.name,
        origin: adminOrigin(),
      });
    }
    if (agent.deactivatedDaysAgo !== undefined) {
      await deactivateAgent(at(lifecycleInstant(now, agent.deactivatedDaysAgo)), {
        tenantId: tenant.tenantId,
        agentId,
        reason: 'retired',
        origin: adminOrigin(),
      });
    }
  }

  const random = seededRandom(options.seed ?? 20261125);
  const plan = planTokenHistory(agents, { days, now, random });
  const failures = planFailureBursts(agents, { now, random });
  const total =
    plan.reduce((sum, day) => sum + day.tokenTimes.length, 0) +
    failures.reduce((sum, burst) => sum + burst.times.length, 0);
  let written = 0;
  options.onProgress?.(0, total);
  for (const day of plan) {
    const agent = registered[day.agentIndex];
    if (!agent) continue;
    const events: NewEvent[] = day.tokenTimes.map((time) => ({
      type: 'TokenIssued',
      data: {
        tenantId: tenant.tenantId,
        agentId: agent.agentId,
        clientId: agent.clientId,
        jti: randomUUID(),
        scopes: agent.agent.scopes,
        expiresAt: new Date(time.getTime() + tokenTtlMs).toISOString(),
      },
      metadata: {
        tenantId: tenant.tenantId,
        occurredAt: time.toISOString(),
        actor: { type: 'agent', id: agent.clientId },
        correlationId: randomUUID(),
        causationId: null,
      },
    }));
    await deps.eventStore.appendToStream(
      streamNames.tokens(tenant.tenantId, agent.agentId),
      events,
    );
    written += events.length;
    options.onProgress?.(written, total);
  }

  // Refusals as the token endpoint records them for a wrong secret.
  for (const burst of failures) {
    const agent = registered[burst.agentIndex];
    if (!agent) continue;
    const events: NewEvent[] = burst.times.map((time) => ({
      type: 'TokenRequestRejected',
      data: {
        tenantId: tenant.tenantId,
        agentId: agent.agentId,
        clientId: agent.clientId,
        error: 'invalid_client',
        reason: 'client secret mismatch',
      },
      metadata: {
        tenantId: tenant.tenantId,
        occurredAt: time.toISOString(),
        actor: { type: 'agent', id: agent.clientId },
        correlationId: randomUUID(),
        causationId: null,
      },
    }));
    await deps.eventStore.appendToStream(
      streamNames.tokens(tenant.tenantId, agent.agentId),
      events,
    );
    written += events.length;
    options.onProgress?.(written, total);
  }

  return {
    tenantId: tenant.tenantId,
    tenantName: tenant.name,
    adminClientId: tenant.adminClientId,
    adminClientSecret: tenant.adminClientSecret,
    agents: registered.map(({ agent, agentId, clientId, clientSecret }) => ({
      agentId,
      name: agent.renamedTo?.name ?? agent.name,
      clientId,
      clientSecret,
      active: agent.deactivatedDaysAgo === undefined,
      peakTokensPerHour: agent.peakTokensPerHour,
      silent: agent.incident?.kind === 'silence',
    })),
  };
}
