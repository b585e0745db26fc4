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
