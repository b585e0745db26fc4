import cliProgress from 'cli-progress';

/** A progress bar for writing demo history, as an `onProgress` callback; on stderr. */
export function seedProgressBar(): {
  onProgress(written: number, total: number): void;
  stop(): void;
} {
  const bar = new cliProgress.SingleBar(
    {
      format:
        'Writing history {bar} {percentage}% | {value}/{total} token events | ETA {eta_formatted}',
      hideCursor: true,
      // Also report (every few seconds) when output goes to a log rather than a terminal.
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(written, total) {
      if (!started) {
        bar.start(Math.max(total, 1), written);
        started = true;
      }
      bar.update(written);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
