'use client';

import { RANGE_OPTIONS, type RangeDays } from '#lib/range';

export interface RangeSelectorProps {
  value: RangeDays;
  onChange: (days: RangeDays) => void;
}

/** A segmented control of toggle buttons; the pressed one is the range on screen. */
export function RangeSelector({ value, onChange }: RangeSelectorProps) {
  return (
    <div className="segmented" role="group" aria-label="Date range" data-testid="range-selector">
      {RANGE_OPTIONS.map((days) => (
        <button
          key={days}
          type="button"
          aria-pressed={days === value}
          data-days={days}
          onClick={() => onChange(days)}
        >
          {days} days
        </button>
      ))}
    </div>
  );
}
