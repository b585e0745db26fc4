// A sequential colour scale for heatmap counts, with the legend that explains it.

export const ZERO_COLOR = '#eef1f5';
/** Light to dark; ColorBrewer "Blues", readable on white and distinct for most colour vision. */
export const HEAT_PALETTE = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;

export interface LegendStep {
  label: string;
  color: string;
  /** Inclusive bounds of the counts drawn in this colour. */
  from: number;
  to: number;
}

export interface ColorScale {
  colorOf(count: number): string;
  legend: LegendStep[];
}

export function colorScale(max: number, palette: readonly string[] = HEAT_PALETTE): ColorScale {
  const steps = palette.length;
  // Integer upper bounds, one per palette colour; small maxima collapse into fewer steps.
  const uppers = [
    ...new Set(palette.map((_, i) => Math.max(1, Math.ceil((Math.max(max, 0) * (i + 1)) / steps)))),
  ];
  const colors = uppers.map((_, i) =>
    uppers.length === 1
      ? (palette[steps - 1] ?? ZERO_COLOR)
      : (palette[Math.round((i * (steps - 1)) / (uppers.length - 1))] ?? ZERO_COLOR),
  );

  const legend: LegendStep[] = [{ label: '0', color: ZERO_COLOR, from: 0, to: 0 }];
  uppers.forEach((to, i) => {
    const from = i === 0 ? 1 : (uppers[i - 1] ?? 0) + 1;
    legend.push({
      label: from === to ? String(to) : `${from}–${to}`,
      color: colors[i] ?? ZERO_COLOR,
      from,
      to,
    });
  });

  return {
    legend,
    colorOf(count) {
      if (count <= 0) return ZERO_COLOR;
      const index = uppers.findIndex((upper) => count <= upper);
      return colors[index === -1 ? colors.length - 1 : index] ?? ZERO_COLOR;
    },
  };
}
