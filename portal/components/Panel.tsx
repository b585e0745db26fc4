import { useId, type ReactNode } from 'react';

export interface PanelProps {
  title: string;
  subtitle?: ReactNode;
  /** Shown under the subtitle, e.g. the time zone of the panel's figures. */
  note?: ReactNode;
  actions?: ReactNode;
  busy?: boolean;
  className?: string;
  children: ReactNode;
}

/** A titled card; its heading names the region for screen readers. */
export function Panel({
  title,
  subtitle,
  note,
  actions,
  busy = false,
  className,
  children,
}: PanelProps) {
  const headingId = useId();
  return (
    <section
      className={className ? `panel ${className}` : 'panel'}
      aria-labelledby={headingId}
      aria-busy={busy}
    >
      <header className="panel-header">
        <div>
          <h2 id={headingId}>{title}</h2>
          {subtitle !== undefined && <p className="panel-subtitle">{subtitle}</p>}
          {note}
        </div>
        {actions !== undefined && <div className="panel-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
