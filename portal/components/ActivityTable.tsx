import { DAY_NAMES, hourLabel, HOURS_PER_DAY } from '#lib/activityGrid';

const HOURS = Array.from({ length: HOURS_PER_DAY }, (_, hour) => hour);

/** The heatmap's grid as a table for screen readers: days as rows, UTC hours as columns. */
export function ActivityTable({
  grid,
  caption,
}: {
  grid: readonly (readonly number[])[];
  caption: string;
}) {
  return (
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {HOURS.map((hour) => (
              <th key={hour} scope="col">
                {hourLabel(hour)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.map((row, dow) => (
            <tr key={DAY_NAMES[dow]}>
              <th scope="row">{DAY_NAMES[dow]}</th>
              {row.map((count, hour) => (
                <td key={hour}>{count}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
