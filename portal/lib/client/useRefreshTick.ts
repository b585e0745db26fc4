// A counter that advances every `intervalMs` while the tab is visible, so data hooks that
// depend on it refetch; a tab coming back into view refreshes at once if it missed a tick.
import { useEffect, useState } from 'react';

/** How often the analytics pages reload their data. */
export const REFRESH_INTERVAL_MS = 30_000;

export function useRefreshTick(intervalMs: number): number {
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let missed = false;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'hidden') missed = true;
      else setTick((value) => value + 1);
    }, intervalMs);
    const onVisibility = () => {
      if (document.visibilityState === 'visible' && missed) {
        missed = false;
        setTick((value) => value + 1);
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs]);

  return tick;
}
