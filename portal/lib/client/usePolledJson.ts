// Loads JSON from a portal route and reloads it whenever `tick` advances. Data from an
// earlier load stays on screen while a refresh runs or after a refresh fails.
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchAnswer, SessionEndedError } from '#lib/client/fetchAnalytics';

export interface Resource<T> {
  data: T | undefined;
  error: string | undefined;
  /** True until the first answer (data or error) for the current URL. */
  loading: boolean;
  updatedAt: Date | undefined;
  /** The zone the answer on screen says its figures are in (Reporting-Time-Zone). */
  timeZone: string | undefined;
  retry: () => void;
  /**
   * Loads once more, at most once per tick and only after this tick's answer arrived:
   * for an answer that turned out to be older than what the page knows.
   */
  catchUp: () => void;
}

interface State<T> {
  url: string;
  data?: T;
  error?: string;
  updatedAt?: Date;
  timeZone?: string;
  /** The tick whose load gave `data`. */
  tick?: number;
}

export function usePolledJson<T>(url: string, tick: number): Resource<T> {
  const [state, setState] = useState<State<T>>({ url });
  const [attempt, setAttempt] = useState(0);
  const caughtUpTick = useRef<number | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    fetchAnswer<T>(url, controller.signal).then(
      ({ data, timeZone }) => {
        if (!controller.signal.aborted) {
          setState({ url, data, timeZone, tick, updatedAt: new Date() });
        }
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
  const answeredTick = current.tick;
  const catchUp = useCallback(() => {
    if (answeredTick !== tick || caughtUpTick.current === tick) return;
    caughtUpTick.current = tick;
    setAttempt((value) => value + 1);
  }, [answeredTick, tick]);

  return {
    data: current.data,
    error: current.error,
    loading: current.data === undefined && current.error === undefined,
    updatedAt: current.updatedAt,
    timeZone: current.timeZone,
    retry,
    catchUp,
  };
}
