export interface ChartMarker {
  name: string;
  marker: string;
}

export interface MarkerChunks extends ChartMarker {
  chunks: { file: string; bytes: number }[];
}

export interface BuildAnalysis {
  found: MarkerChunks[];
  violations: string[];
}

export const CHART_MARKERS: ChartMarker[];

export function analyzeBuild(nextDir: string, markers?: ChartMarker[]): Promise<BuildAnalysis>;
