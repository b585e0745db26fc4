// Pages of the audit log for the filters: the first page on every change of
// filters, the next one on loadMore (the API's next_cursor), appended.
import { useCallback, useEffect, useState } from 'react';
import type { AuditEvent, AuditPage } from '#lib/auditSchemas';
import { fetchAnalytics, SessionEndedError } from '#lib/client/fetchAnalytics';

export interface AuditPages {
  items: AuditEvent[];
  /** Set while older events remain. */
  nextCursor: string | null;
  loading: boolean;
  error: string | undefined;
  loadMore: () => void;
  retry: () => void;
}

interface State {
  query: string;
  items: AuditEvent[];
  nextCursor: string | null;
  /** The cursor being loaded: null for the first page, undefined when idle. */
  loadingCursor: string | null | undefined;
  error?: string;
}

export function useAuditPages(query: string): AuditPages {
  const [state, setState] = useState<State>({
    query,
    items: [],
    nextCursor: null,
    loadingCursor: null,
  });
  const [attempt, setAttempt] = useState(0);
  const current: State =
    state.query === query ? state : { query, items: [], nextCursor: null, loadingCursor: null };
  const loadingCursor = current.loadingCursor;

  useEffect(() => {
    if (loadingCursor === undefined) return;
    const controller = new AbortController();
    const cursor = loadingCursor === null ? '' : `cursor=${encodeURIComponent(loadingCursor)}`;
    const url = `/portal-api/audit/events?${[query, cursor].filter(Boolean).join('&')}`;
    fetchAnalytics<AuditPage>(url, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setState((previous) => {
          const base = previous.query === query && loadingCursor !== null ? previous.items : [];
          return {
            query,
            items: [...base, ...page.items],
            nextCursor: page.next_cursor,
            loadingCursor: undefined,
          };
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof SessionEndedError) {
          window.location.assign(`/signin?reason=${error.reason}`);
          return;
        }
        const message = error instanceof Error ? error.message : 'Could not load events.';
        setState((previous) => ({
          ...(previous.query === query ? previous : current),
          loadingCursor: undefined,
          error: message,
        }));
      },
    );
    return () => controller.abort();
    // `current` is derived from state and query; the effect runs per load request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, loadingCursor, attempt]);

  const loadMore = useCallback(() => {
    setState((previous) =>
      previous.query === query && previous.nextCursor !== null
        ? { ...previous, loadingCursor: previous.nextCursor, error: undefined }
        : previous,
    );
  }, [query]);

  const retry = useCallback(() => {
    setState((previous) =>
      previous.query === query
        ? {
            ...previous,
            error: undefined,
            loadingCursor: previous.items.length === 0 ? null : previous.nextCursor,
          }
        : previous,
    );
    setAttempt((value) => value + 1);
  }, [query]);

  return {
    items: current.items,
    nextCursor: current.nextCursor,
    loading: current.loadingCursor !== undefined,
    error: current.error,
    loadMore,
    retry,
  };
}
