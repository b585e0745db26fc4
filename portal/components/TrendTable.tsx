import type { TokenDay } from '#lib/analyticsSchemas';
import { formatCount, formatLongDate } from '#lib/format';

/** The trend chart's data as a table for screen readers. */
export function TrendTable({
  days,
  caption,
  zone,
}: {
  days: readonly TokenDay[];
  caption: string;
  /** The zone whose calendar days these are. */
  zone: string | undefined;
}) {
  return (
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date{zone === undefined ? '' : ` (${zone})`}</th>
            <th scope="col">Tokens issued</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <th scope="row">{formatLongDate(day.date)}</th>
              <td>{formatCount(day.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
