import { quotaFill, quotaLevel, quotaSummary } from '#lib/agentQuota';
import type { AgentUsage } from '#lib/analyticsSchemas';

/** How much of its quota's current period an agent has used. */
export function QuotaBar({ quota }: { quota: NonNullable<AgentUsage['quota']> }) {
  const summary = quotaSummary(quota);
  return (
    <span
      className="quota"
      data-testid="quota-bar"
      data-used={quota.used}
      data-limit={quota.limit}
      data-mode={quota.mode}
    >
      <span
        className={`quota-bar ${quotaLevel(quota.used, quota.limit)}`}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={quota.limit}
        aria-valuenow={Math.min(quota.used, quota.limit)}
        aria-label={summary}
      >
        <span style={{ width: `${(quotaFill(quota.used, quota.limit) * 100).toFixed(1)}%` }} />
      </span>
      <span className="quota-value">{summary}</span>
    </span>
  );
}
