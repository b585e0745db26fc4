import {
  anomalyKinds,
  type AnomalyKind,
} from '../../../src/readModels/agentAnomalies/anomalyModel.js';
import type { Label } from './syntheticTenants.js';

// Precision and recall per kind: a finding is right when a label of the same
// agent, hour and kind was injected; anything else is a false alarm.

export interface Detection {
  agentId: string;
  hour: number;
  kind: AnomalyKind;
}

export interface KindScore {
  kind: AnomalyKind | 'all';
  injected: number;
  found: number;
  truePositives: number;
  precision: number;
  recall: number;
}

const keyOf = (entry: Detection | Label) => `${entry.agentId}|${entry.hour}|${entry.kind}`;

function score(
  kind: KindScore['kind'],
  labels: readonly Label[],
  found: readonly Detection[],
): KindScore {
  const injected = new Set(labels.map(keyOf));
  const truePositives = found.filter((entry) => injected.has(keyOf(entry))).length;
  return {
    kind,
    injected: labels.length,
    found: found.length,
    truePositives,
    // Nothing found is no wrong finding; nothing injected is nothing missed.
    precision: found.length === 0 ? 1 : truePositives / found.length,
    recall: labels.length === 0 ? 1 : truePositives / labels.length,
  };
}

export function scoreDetection(labels: readonly Label[], found: readonly Detection[]): KindScore[] {
  return [
    ...anomalyKinds.map((kind) =>
      score(
        kind,
        labels.filter((label) => label.kind === kind),
        found.filter((entry) => entry.kind === kind),
      ),
    ),
    score('all', labels, found),
  ];
}
