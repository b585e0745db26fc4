'use client';

import type { AuditEvents } from '#lib/analyticsSchemas';
import { auditEventSummary, formatEventTime } from '#lib/auditEventSummary';
import type { Resource } from '#lib/client/usePolledJson';
import { Panel } from '../Panel';
import { EmptyState, SourceStates } from '../PanelStates';

export function AgentEventsSection({ resource }: { resource: Resource<AuditEvents> }) {
  const { data, loading } = resource;
  const items = data?.items ?? [];
  return (
    <div data-testid="agent-section-events" className="agent-section panel-wide">
      <Panel
        title="Latest events"
        subtitle="Raw events from the audit log, newest first"
        busy={loading}
      >
        <SourceStates source={resource} loadingLabel="Loading events…" size={{ height: 200 }} />
        {data !== undefined &&
          (items.length === 0 ? (
            <EmptyState title="No events" />
          ) : (
            <div className="table-scroll">
              <table className="usage-table">
                <caption className="sr-only">The agent’s latest events</caption>
                <thead>
                  <tr>
                    <th scope="col" className="plain-header">
                      Time
                    </th>
                    <th scope="col" className="plain-header">
                      Event
                    </th>
                    <th scope="col" className="plain-header">
                      Actor
                    </th>
                    <th scope="col" className="plain-header">
                      Details
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((event) => (
                    <tr key={event.id} data-testid="audit-event-row" data-type={event.type}>
                      <td className="nowrap">{formatEventTime(event.occurred_at)}</td>
                      <td>{event.type}</td>
                      <td>{event.actor.type}</td>
                      <td className="event-details">{auditEventSummary(event)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </Panel>
    </div>
  );
}
