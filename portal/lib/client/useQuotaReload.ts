// After a quota change the usage is loaded again, but the answer comes from the agents
// projection, which may not have seen the change yet. An answer that still shows the old
// quota is loaded once more shortly after, until it shows the change, rather than leaving
// the old quota on screen until the next refresh tick.
import { useCallback, useEffect, useRef } from 'react';
import { usageShowsQuota, type QuotaBody } from '#lib/agentQuota';
import type { AgentUsage } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';

/** How long to wait before loading again an answer that does not show the change yet. */
export const QUOTA_RELOAD_DELAY_MS = 500;
/** After this many further loads the page leaves it to the refresh tick. */
export const QUOTA_RELOAD_ATTEMPTS = 20;

interface AwaitedQuota {
  agentId: string;
  quota: QuotaBody | null;
  /** When the latest load was asked for: only an answer after it can show the change. */
  askedAt: number;
  attempts: number;
}

/** The callback for a quota editor's onChanged: reloads `usage` until it shows the change. */
export function useQuotaReload(
  usage: Resource<AgentUsage[]>,
): (agentId: string, quota: QuotaBody | null) => void {
  // A ref, not state: each reload's answer (a new updatedAt) is what runs the effect again.
  const awaited = useRef<AwaitedQuota | undefined>(undefined);
  const { data, updatedAt, retry } = usage;

  useEffect(() => {
    const change = awaited.current;
    if (change === undefined || data === undefined || updatedAt === undefined) return;
    if (updatedAt.getTime() < change.askedAt) return;
    if (
      usageShowsQuota(data, change.agentId, change.quota) ||
      change.attempts >= QUOTA_RELOAD_ATTEMPTS
    ) {
      awaited.current = undefined;
      return;
    }
    const timer = window.setTimeout(() => {
      awaited.current = { ...change, askedAt: Date.now(), attempts: change.attempts + 1 };
      retry();
    }, QUOTA_RELOAD_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [data, updatedAt, retry]);

  return useCallback(
    (agentId: string, quota: QuotaBody | null) => {
      awaited.current = { agentId, quota, askedAt: Date.now(), attempts: 0 };
      retry();
    },
    [retry],
  );
}
