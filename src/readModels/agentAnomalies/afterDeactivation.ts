import type { AnomalyKind } from './anomalyModel.js';

const hourMs = 3_600_000;

/**
 * A deactivated agent cannot get tokens, so its silence from the hour it was
 * deactivated on is what the admin asked for, not an anomaly. Its baseline
 * would otherwise report a drop in every busy hour for weeks.
 */
export function isExpectedSilence(
  kind: AnomalyKind,
  hourStart: number,
  deactivatedAt: Date | null,
): boolean {
  return kind === 'drop' && deactivatedAt !== null && hourStart + hourMs > deactivatedAt.getTime();
}
