// An agent's token quota as the portal edits and shows it. The limits come
// from the API's contract, so the form refuses what the API would.
import { z } from 'zod';
import { maxQuotaLimit, quotaModes, quotaPeriods } from '../../src/contract.ts';

export const quotaBodySchema = z.strictObject({
  limit: z.number().int().min(1).max(maxQuotaLimit),
  period: z.enum(quotaPeriods),
  mode: z.enum(quotaModes),
});
export type QuotaBody = z.infer<typeof quotaBodySchema>;

export const QUOTA_PERIODS = quotaPeriods;
export const QUOTA_MODES = quotaModes;
export const MAX_QUOTA_LIMIT = maxQuotaLimit;

/** The form's limit field as a limit, or an error message. */
export function parseLimit(text: string): { limit: number } | { error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { error: 'Enter a whole number of tokens.' };
  const limit = Number(trimmed);
  if (limit < 1 || limit > maxQuotaLimit) {
    return { error: `Enter a limit from 1 to ${maxQuotaLimit.toLocaleString('en-US')}.` };
  }
  return { limit };
}

/** How full the quota is, 0..1 (past the limit counts as full). */
export function quotaFill(used: number, limit: number): number {
  return limit <= 0 ? 1 : Math.min(1, used / limit);
}

/** ok below 80 %, warn from 80 %, full at the limit. */
export function quotaLevel(used: number, limit: number): 'ok' | 'warn' | 'full' {
  if (used >= limit) return 'full';
  return used / limit >= 0.8 ? 'warn' : 'ok';
}

const periodWords: Record<(typeof quotaPeriods)[number], string> = {
  hour: 'this hour',
  day: 'today',
  month: 'this month',
};

/** "7 of 100 today (enforced)". */
export function quotaSummary(quota: {
  used: number;
  limit: number;
  period: (typeof quotaPeriods)[number];
  mode: (typeof quotaModes)[number];
}): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const mode = quota.mode === 'enforce' ? 'enforced' : 'monitored';
  return `${count(quota.used)} of ${count(quota.limit)} ${periodWords[quota.period]} (${mode})`;
}

/** True when the usage rows show `quota` (null: none) as the agent's quota. */
export function usageShowsQuota(
  rows: readonly { agent_id: string; quota?: QuotaBody | undefined }[],
  agentId: string,
  quota: QuotaBody | null,
): boolean {
  const row = rows.find((candidate) => candidate.agent_id === agentId);
  if (row === undefined) return false;
  if (row.quota === undefined || quota === null) return row.quota === undefined && quota === null;
  return (
    row.quota.limit === quota.limit &&
    row.quota.period === quota.period &&
    row.quota.mode === quota.mode
  );
}
