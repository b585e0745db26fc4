// The states a panel shows besides its content: loading, empty, failed.
import type { CSSProperties } from 'react';

export function Skeleton({ label, size }: { label: string; size: CSSProperties }) {
  return (
    <div className="skeleton" style={size} role="status">
      <span className="sr-only">{label}</span>
    </div>
  );
}

export function EmptyState({ title, hint }: { title: string; hint?: string }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <p className="empty-title">{title}</p>
      {hint !== undefined && <p className="muted">{hint}</p>}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="error-state" role="alert">
      <p>{message}</p>
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

/** Shown above data that is still on screen after a refresh failed. */
export function StaleNotice({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="stale-notice" role="status">
      <span>{message} Showing the last data received.</span>
      <button type="button" className="link-button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

/**
 * What a panel shows of its source besides the content: a skeleton while the
 * first answer loads, the error with a retry when there is nothing to show,
 * and a notice above the last data when a refresh failed.
 */
export function SourceStates({
  source,
  loadingLabel,
  size,
}: {
  source: { data: unknown; error: string | undefined; loading: boolean; retry: () => void };
  loadingLabel: string;
  size: CSSProperties;
}) {
  const { data, error, loading, retry } = source;
  return (
    <>
      {loading && <Skeleton label={loadingLabel} size={size} />}
      {data === undefined && error !== undefined && <ErrorState message={error} onRetry={retry} />}
      {data !== undefined && error !== undefined && <StaleNotice message={error} onRetry={retry} />}
    </>
  );
}
