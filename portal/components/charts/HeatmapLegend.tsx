import type { LegendStep } from '#lib/colorScale';

/** Swatches for each colour of the scale with the counts it stands for. */
export function HeatmapLegend({ steps }: { steps: readonly LegendStep[] }) {
  return (
    <ul className="heatmap-legend" aria-label="Colour scale: events per hour">
      <li className="legend-caption" aria-hidden="true">
        Fewer
      </li>
      {steps.map((step) => (
        <li key={step.label} className="legend-step">
          <span className="legend-swatch" style={{ background: step.color }} aria-hidden="true" />
          {step.label}
        </li>
      ))}
      <li className="legend-caption" aria-hidden="true">
        More
      </li>
    </ul>
  );
}
