'use client';

import Link from 'next/link';
import { useState } from 'react';
import { agentIdOf } from '#lib/auditFilters';
import type { AuditEvent } from '#lib/auditSchemas';
import { agentLabel } from '#lib/agentUsage';

const timeFormat = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

/** One event: when, what, which agent (linked to its page), who; its data and metadata on demand. */
export function AuditEventRows({
  event,
  agentNames,
}: {
  event: AuditEvent;
  agentNames: ReadonlyMap<string, string>;
}) {
  const [open, setOpen] = useState(false);
  const agentId = agentIdOf(event.data);
  const detailsId = `audit-details-${event.id}`;
  return (
    <>
      <tr data-testid="audit-row" data-type={event.type} data-agent-id={agentId ?? ''}>
        <td>
          <time dateTime={event.occurred_at}>{timeFormat.format(new Date(event.occurred_at))}</time>
        </td>
        <td>
          <code>{event.type}</code>
        </td>
        <td>
          {agentId === undefined ? (
            <span className="muted">—</span>
          ) : (
            <Link
              href={`/analytics/agents/${agentId}`}
              prefetch={false}
              data-testid="audit-agent-link"
            >
              {agentLabel(agentId, agentNames.get(agentId))}
            </Link>
          )}
        </td>
        <td>
          {event.actor.type} <span className="muted">{event.actor.id}</span>
        </td>
        <td className="numeric">
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
            data-testid="audit-toggle"
          >
            {open ? 'Hide' : 'Details'}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailsId} className="audit-details" data-testid="audit-details">
          <td colSpan={5}>
            <dl>
              <dt>Event id</dt>
              <dd>
                <code>{event.id}</code>
              </dd>
              <dt>Stream</dt>
              <dd>
                <code>{event.stream}</code>
              </dd>
              <dt>Position</dt>
              <dd>
                <code>{event.position}</code>
              </dd>
            </dl>
            <div className="audit-json">
              <section>
                <h3>Data</h3>
                <pre data-testid="audit-data">{JSON.stringify(event.data, null, 2)}</pre>
              </section>
              <section>
                <h3>Metadata</h3>
                <pre data-testid="audit-metadata">
                  {JSON.stringify({ actor: event.actor, ...event.metadata }, null, 2)}
                </pre>
              </section>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
