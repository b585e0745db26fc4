import { seededRandom } from '../../src/demo/random.js';
import { hoursBetween, hourMs } from '../../src/readModels/agentAnomalies/hoursToJudge.js';
import { anomalyModel } from '../../src/readModels/agentAnomalies/anomalyModel.js';
import {
  agentHoursToJudge,
  judgeAgentHours,
  LoadedHours,
  type StoredHour,
} from '../../src/readModels/agentAnomalies/judgeAgentHours.js';
import { createPool } from '../../src/db/pool.js';
import { domainEventCodec } from '../../src/events/registry.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import type { Benchmark, BenchContext, BenchReport } from '../lib/benchmark.js';
import { detectThroughProjection } from './anomalies/throughProjection.js';
import { round } from '../lib/stats.js';
import { scoreDetection, type Detection } from './anomalies/scoreDetection.js';
import {
  hoursPerWeek,
  syntheticTenant,
  type Label,
  type SyntheticSizes,
} from './anomalies/syntheticTenants.js';

// How well the anomaly model finds injected anomalies, and how often it
// alarms on normal traffic: synthetic agents with the demo's weekly patterns
// and Poisson noise. The first tenants go into the bench database's log as
// events and through the real agentAnomalies projection; the others are judged
// by the projection's own pure functions (the candidate agents of each closed
// hour, the baseline weeks, the model), and for the projected tenants both
// ways must agree.

/** The evaluation data's seed; the tests use other seeds. */
export const evaluationSeed = 20_261_202;

export interface AnomalySizes extends SyntheticSizes {
  /** Tenants that also go through the projection (the first ones). */
  projectedTenants: number;
  /** The service's default PROJECTION_BATCH_SIZE. */
  batchSize: number;
}

export const anomalySizes: Record<'full' | 'smoke', AnomalySizes> = {
  full: {
    tenants: 4,
    agentsPerTenant: 60,
    weeks: 8,
    firstJudgedWeek: 3,
    injectionChance: 0.5,
    projectedTenants: 4,
    batchSize: 2000,
  },
  smoke: {
    tenants: 2,
    agentsPerTenant: 8,
    weeks: 8,
    firstJudgedWeek: 3,
    injectionChance: 0.5,
    projectedTenants: 1,
    batchSize: 2000,
  },
};

const detectionKey = (entry: Detection) => `${entry.agentId}|${entry.hour}|${entry.kind}`;

/** Findings one way and not the other, both directions. */
function mismatches(a: readonly Detection[], b: readonly Detection[]): number {
  const left = new Set(a.map(detectionKey));
  const right = new Set(b.map(detectionKey));
  return (
    [...left].filter((key) => !right.has(key)).length +
    [...right].filter((key) => !left.has(key)).length
  );
}

// A Monday, 00:00 UTC: hour index 0 of the synthetic history.
const start = Date.UTC(2026, 0, 5);

export function detectInTenant(
  agents: ReturnType<typeof syntheticTenant>['agents'],
  sizes: SyntheticSizes,
): Detection[] {
  const rows: StoredHour[] = [];
  for (const agent of agents) {
    agent.issued.forEach((issued, hour) => {
      const rejected = agent.rejected[hour] as number;
      // The table holds only hours with a counted event.
      if (issued > 0 || rejected > 0) {
        rows.push({
          agentId: agent.agentId,
          hour: start + hour * hourMs,
          issued,
          rejected,
          findings: [],
        });
      }
    });
  }
  const loaded = new LoadedHours(rows);
  const firstActiveHour = new Map<string, number>();
  for (const row of rows) {
    const first = firstActiveHour.get(row.agentId);
    if (first === undefined || row.hour < first) firstActiveHour.set(row.agentId, row.hour);
  }
  const closed = hoursBetween(
    start + sizes.firstJudgedWeek * hoursPerWeek * hourMs,
    start + sizes.weeks * hoursPerWeek * hourMs,
  );
  const targets = agentHoursToJudge({ closed, revisited: [] }, loaded);
  return judgeAgentHours(targets, loaded, firstActiveHour).flatMap((judged) =>
    judged.findings.map((finding) => ({
      agentId: judged.agentId,
      hour: (judged.hour - start) / hourMs,
      kind: finding.kind,
    })),
  );
}

export async function runAnomaliesBenchmark(
  context: BenchContext,
  sizes: AnomalySizes,
): Promise<BenchReport> {
  const database = await context.createDatabase();
  const pool = createPool({
    connectionString: database.url,
    max: 4,
    applicationName: 'bench-anomalies',
  });
  const eventStore = new PostgresEventStore({
    codec: domainEventCodec,
    pool,
    connectionString: database.url,
  });
  try {
    return await measure(context, sizes, { pool, eventStore });
  } finally {
    await eventStore.close();
    await pool.end();
    await database.drop();
  }
}

async function measure(
  context: BenchContext,
  sizes: AnomalySizes,
  deps: Parameters<typeof detectThroughProjection>[0],
): Promise<BenchReport> {
  const random = seededRandom(evaluationSeed);
  const labels: Label[] = [];
  const found: Detection[] = [];
  const projected: Array<{
    tenant: number;
    agents: number;
    events: number;
    projectMs: number;
    mismatches: number;
  }> = [];
  let agents = 0;
  const started = performance.now();
  for (let tenant = 0; tenant < sizes.tenants; tenant += 1) {
    const data = syntheticTenant(random, tenant, sizes);
    labels.push(...data.labels);
    const judged = detectInTenant(data.agents, sizes);
    if (tenant < sizes.projectedTenants) {
      const run = await detectThroughProjection(deps, data.agents, {
        start,
        hours: sizes.weeks * hoursPerWeek,
        batchSize: sizes.batchSize,
      });
      // Only the judged weeks are scored, as for the other tenants.
      const scored = run.detections.filter(
        (entry) => entry.hour >= sizes.firstJudgedWeek * hoursPerWeek,
      );
      found.push(...scored);
      projected.push({
        tenant,
        agents: data.agents.length,
        events: run.events,
        projectMs: run.projectMs,
        mismatches: mismatches(scored, judged),
      });
      context.log(
        `tenant ${tenant + 1}: ${run.events} events projected in ${Math.round(run.projectMs)} ms`,
      );
    } else {
      found.push(...judged);
    }
    agents += data.agents.length;
    context.log(`tenant ${tenant + 1}/${sizes.tenants}: ${data.labels.length} injected`);
  }
  const judgeMs = performance.now() - started;
  const scores = scoreDetection(labels, found);
  const all = scores.find((entry) => entry.kind === 'all');
  const agentWeeks = agents * (sizes.weeks - sizes.firstJudgedWeek);
  const falseAlarms = (all?.found ?? 0) - (all?.truePositives ?? 0);
  return {
    parameters: { ...sizes, agents, agentWeeks, seed: evaluationSeed, model: anomalyModel },
    summary: {
      'anomaly precision': round(all?.precision ?? 0, 3),
      'anomaly recall': round(all?.recall ?? 0, 3),
      'false alarms per agent-week': round(falseAlarms / agentWeeks, 4),
    },
    tables: [
      {
        title: 'Injected anomalies found, per kind',
        columns: ['kind', 'injected', 'found', 'right', 'precision', 'recall'],
        rows: scores.map((entry) => [
          entry.kind,
          entry.injected,
          entry.found,
          entry.truePositives,
          round(entry.precision, 3),
          round(entry.recall, 3),
        ]),
      },
      {
        title: 'Tenants through the projection: its findings against the pure model’s',
        columns: ['tenant', 'agents', 'events', 'projection s', 'events/s', 'findings that differ'],
        rows: projected.map((entry) => [
          entry.tenant,
          entry.agents,
          entry.events,
          round(entry.projectMs / 1000, 1),
          Math.round(entry.events / (entry.projectMs / 1000)),
          entry.mismatches,
        ]),
      },
    ],
    notes: [
      `${agents} agents, ${sizes.weeks} weeks, judged weeks ${sizes.firstJudgedWeek}..${sizes.weeks - 1} (${agentWeeks} agent-weeks); seed ${evaluationSeed}.`,
      `${falseAlarms} false alarms. Detection took ${Math.round(judgeMs / 1000)} s in all, not a timing benchmark: the events/s are for context only.`,
    ],
    data: { scores, falseAlarms, agentWeeks, projected },
  };
}

export const benchmark: Benchmark = {
  name: 'anomalies',
  description:
    'Per-agent anomaly detection on synthetic agents with injected anomalies: precision, recall and false alarms per agent-week',
  run: (context) => runAnomaliesBenchmark(context, anomalySizes[context.mode]),
};
