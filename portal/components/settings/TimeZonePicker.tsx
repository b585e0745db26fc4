'use client';

import { useId, useMemo, useState } from 'react';
import { browserTimeZones, filterTimeZones, optionLabel, timeZoneOptions } from '#lib/timeZones';

export interface TimeZonePickerProps {
  value: string;
  onChange: (zone: string) => void;
  /** The id of the message that explains why the value was refused, when there is one. */
  errorId: string | undefined;
}

/**
 * A search box over every zone this browser knows (plus UTC and the current names of
 * renamed zones), each with its offset from UTC now, and a list of the matches.
 * Rendered only in the browser: its list is the browser's, not the server's.
 */
export function TimeZonePicker({ value, onChange, errorId }: TimeZonePickerProps) {
  const searchId = useId();
  const listId = useId();
  const [query, setQuery] = useState('');
  const options = useMemo(() => timeZoneOptions(browserTimeZones(), new Date(), value), [value]);
  const shown = useMemo(() => filterTimeZones(options, query, value), [options, query, value]);

  return (
    <div className="time-zone-picker">
      <label htmlFor={searchId}>Find a time zone</label>
      <input
        id={searchId}
        type="search"
        autoComplete="off"
        placeholder="City, region or offset, e.g. Kolkata or +05:30"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        aria-controls={listId}
        data-testid="time-zone-search"
      />
      <label htmlFor={listId}>Time zone</label>
      <select
        id={listId}
        size={8}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={errorId !== undefined}
        aria-describedby={errorId}
        data-testid="time-zone-select"
      >
        {shown.map((option) => (
          <option key={option.zone} value={option.zone}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
      <p className="muted" aria-live="polite">
        {query.trim() === ''
          ? `${shown.length} zones`
          : `${shown.length} of ${options.length} zones shown for “${query.trim()}”`}
      </p>
    </div>
  );
}
