/** A CSV download of what a panel shows, straight from the portal's route (no script needed). */
export function DownloadLink({ href, label }: { href: string; label: string }) {
  return (
    <a className="button ghost download" href={href} download data-testid="download-csv">
      <span aria-hidden="true">↓</span> CSV<span className="sr-only"> of {label}</span>
    </a>
  );
}
