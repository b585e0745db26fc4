// A counter that advances every `intervalMs` while the tab is visible, so data hooks that
// depend on it refetch; a tab coming back into view refreshes at once if it missed a tick,
// and a change of the tenant's settings (its reporting time zone) refreshes at once.
import { useEffect, useState } from 'react';
import { onSettingsChanged } from '#lib/client/settingsChanged';

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
    const stopListening = onSettingsChanged(() => setTick((value) => value + 1));
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      stopListening();
    };
  }, [intervalMs]);

  return tick;
}
