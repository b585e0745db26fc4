'use client';

export interface UpdatedAtProps {
  at: Date | undefined;
  intervalMs: number;
}

const time = new Intl.DateTimeFormat('en-US', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** When the data on screen last arrived; not a live region, so refreshes stay quiet. */
export function UpdatedAt({ at, intervalMs }: UpdatedAtProps) {
  const every = `${Math.round(intervalMs / 1000)} s`;
  return (
    <p className="updated-at" data-testid="updated-at">
      <span className="live-dot" aria-hidden="true" />
      {at === undefined ? (
        'Waiting for data'
      ) : (
        <>
          Updated <time dateTime={at.toISOString()}>{time.format(at)}</time>
        </>
      )}
      <span className="muted"> · refreshes every {every}</span>
    </p>
  );
}
