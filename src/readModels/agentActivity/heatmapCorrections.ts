// Which hours the stored heatmap needs added or taken off to answer a window:
// pure, from the tenant's stored window and the asked one.

/** Quarter hours in [from, to) of the hourly rows count `sign` times on top of the stored rows. */
export interface CorrectionRange {
  from: Date;
  to: Date | 'infinity';
  sign: 1 | -1;
}

export interface HeatmapPlan {
  /** Whether the stored rows are part of the answer. */
  useStored: boolean;
  corrections: CorrectionRange[];
}

/**
 * The stored window follows the tenant's newest activity, not the clock:
 * after quiet days it lags the asked window (the hours between the two
 * starts are added or taken off), and with activity ahead of the clock it
 * leads it (the hours from the asked end on are taken off too). A stored
 * window a whole width or more away, in another zone, or none, saves
 * nothing: the answer is summed from the hourly rows of the asked window.
 */
export function heatmapPlan(
  stored: { start: Date; timeZone: string } | undefined,
  asked: { start: Date; end: Date; tooFarBack: Date; timeZone: string },
): HeatmapPlan {
  const usable =
    stored !== undefined &&
    stored.timeZone === asked.timeZone &&
    stored.start > asked.tooFarBack &&
    stored.start < asked.end;
  if (!usable) {
    return { useStored: false, corrections: [{ from: asked.start, to: asked.end, sign: 1 }] };
  }
  const corrections: CorrectionRange[] = [];
  if (stored.start < asked.start)
    corrections.push({ from: stored.start, to: asked.start, sign: -1 });
  if (stored.start > asked.start) {
    corrections.push({ from: asked.start, to: stored.start, sign: 1 });
    corrections.push({ from: asked.end, to: 'infinity', sign: -1 });
  }
  return { useStored: true, corrections };
}
