// Chart sizes, shared by the charts and the skeletons that stand in for them.
import type { CSSProperties } from 'react';

export const TREND_CHART_SIZE: CSSProperties = { width: '100%', height: 280 };

/** Follows the width so cells stay roughly square-ish from phone to desktop. */
export const HEATMAP_SIZE: CSSProperties = {
  width: '100%',
  aspectRatio: 2,
  minHeight: 200,
  maxHeight: 320,
};

export const FAILURE_CHART_SIZE: CSSProperties = { width: '100%', height: 240 };
