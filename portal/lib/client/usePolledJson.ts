// Loads JSON from a portal route and reloads it whenever `tick` advances. Data from an
// earlier load stays on screen while a refresh runs or after a refresh fails.
import { useCallback, useEffect, useState } from 'react';
import { fetchAnalytics, SessionEndedError } from '#lib/client/fetchAnalytics';

export interface Resource<T> {
  data: T | undefined;
  error: string | undefined;
  /** True until the first answer (data or error) for the current URL. */
  loading: boolean;
  updatedAt: Date | undefined;
  retry: () => void;
}

interface State<T> {
  url: string;
  data?: T;
  error?: string;
  updatedAt?: Date;
}

export function usePolledJson<T>(url: string, tick: number): Resource<T> {
  const [state, setState] = useState<State<T>>({ url });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchAnalytics<T>(url, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ url, data, updatedAt: new Date() });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof SessionEndedError) {
          window.location.assign(`/signin?reason=${error.reason}`);
          return;
        }
        const message = error instanceof Error ? error.message : 'Could not load data.';
        setState((previous) =>
          previous.url === url ? { ...previous, error: message } : { url, error: message },
        );
      },
    );
    return () => controller.abort();
  }, [url, tick, attempt]);

  const retry = useCallback(() => {
    setState((previous) => ({ ...previous, error: undefined }));
    setAttempt((value) => value + 1);
  }, []);

  const current: State<T> = state.url === url ? state : { url };
  return {
    data: current.data,
    error: current.error,
    loading: current.data === undefined && current.error === undefined,
    updatedAt: current.updatedAt,
    retry,
  };
}
