import { seededRandom } from '../../src/demo/random.js';
import { hoursBetween, hourMs } from '../../src/readModels/agentAnomalies/hoursToJudge.js';
import { anomalyModel } from '../../src/readModels/agentAnomalies/anomalyModel.js';
import {
  agentHoursToJudge,
  judgeAgentHours,
  LoadedHours,
  type StoredHour,
} from '../../src/readModels/agentAnomalies/judgeAgentHours.js';
import type { Benchmark, BenchContext, BenchReport } from '../lib/benchmark.js';
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
// and Poisson noise, judged by the projection's own pure functions (the
// candidate agents of each closed hour, the baseline weeks, the model).

/** The evaluation data's seed; the tests use other seeds. */
export const evaluationSeed = 20_261_202;

export const anomalySizes: Record<'full' | 'smoke', SyntheticSizes> = {
  full: { tenants: 4, agentsPerTenant: 60, weeks: 8, firstJudgedWeek: 3, injectionChance: 0.5 },
  smoke: { tenants: 1, agentsPerTenant: 20, weeks: 8, firstJudgedWeek: 3, injectionChance: 0.5 },
};

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
  sizes: SyntheticSizes,
): Promise<BenchReport> {
  const random = seededRandom(evaluationSeed);
  const labels: Label[] = [];
  const found: Detection[] = [];
  let agents = 0;
  const started = performance.now();
  for (let tenant = 0; tenant < sizes.tenants; tenant += 1) {
    const data = syntheticTenant(random, tenant, sizes);
    labels.push(...data.labels);
    found.push(...detectInTenant(data.agents, sizes));
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
    ],
    notes: [
      `${agents} agents, ${sizes.weeks} weeks, judged weeks ${sizes.firstJudgedWeek}..${sizes.weeks - 1} (${agentWeeks} agent-weeks); seed ${evaluationSeed}.`,
      `${falseAlarms} false alarms; judging took ${Math.round(judgeMs)} ms (not a timing benchmark).`,
    ],
    data: { scores, falseAlarms, agentWeeks },
  };
}

export const benchmark: Benchmark = {
  name: 'anomalies',
  description:
    'Per-agent anomaly detection on synthetic agents with injected anomalies: precision, recall and false alarms per agent-week',
  run: (context) => runAnomaliesBenchmark(context, anomalySizes[context.mode]),
};
