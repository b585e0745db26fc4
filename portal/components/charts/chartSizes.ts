// Chart heights, shared by the charts and the skeletons that stand in for them.
export const TREND_CHART_HEIGHT = 280;
export const HEATMAP_HEIGHT = 300;
