import type { TokenDay } from '#lib/analyticsSchemas';
import { formatCount, formatLongDate } from '#lib/format';

/** The trend chart's data as a table for screen readers. */
export function TrendTable({ days, caption }: { days: readonly TokenDay[]; caption: string }) {
  return (
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date (UTC)</th>
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
