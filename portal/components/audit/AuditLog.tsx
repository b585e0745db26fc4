'use client';
// The /audit page body: the tenant's raw events, newest first, filtered by
// what the URL says, a page at a time ("Load more" follows the API's cursor).
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import type { AgentUsage } from '#lib/analyticsSchemas';
import { auditQueryString, parseAuditFilters, type AuditFilters } from '#lib/auditFilters';
import { useAuditPages } from '#lib/client/useAuditPages';
import { usePolledJson } from '#lib/client/usePolledJson';
import { DownloadLink } from '../DownloadLink';
import { Panel } from '../Panel';
import { EmptyState, ErrorState, Skeleton, StaleNotice } from '../PanelStates';
import { AuditEventRows } from './AuditEventRows';
import { AuditFilterForm } from './AuditFilterForm';

export function AuditLog() {
  const params = useSearchParams();
  const filters = useMemo(() => parseAuditFilters(new URLSearchParams(params)), [params]);
  const query = auditQueryString(filters);
  const pages = useAuditPages(query);
  // Names for the agent filter and column; loaded once, the log works without them.
  const agents = usePolledJson<AgentUsage[]>('/portal-api/analytics/agents', 0);
  const agentNames = useMemo(
    () => new Map((agents.data ?? []).map((agent) => [agent.agent_id, agent.name])),
    [agents.data],
  );

  // Next keeps useSearchParams in step with history.pushState, so no server round trip.
  const apply = (next: AuditFilters) => {
    const search = auditQueryString(next);
    window.history.pushState(null, '', search ? `?${search}` : window.location.pathname);
  };
  const download = `/portal-api/audit/events?${[query, 'format=csv'].filter(Boolean).join('&')}`;
  const firstLoad = pages.loading && pages.items.length === 0;

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Audit log</h1>
          <p className="muted">
            Every event recorded for your tenant, newest first, as the log holds it. Times are UTC.
          </p>
        </div>
      </div>
      <Panel
        title="Events"
        subtitle="Filter by agent, event type and time; the CSV covers up to 92 days."
        actions={<DownloadLink href={download} label="the filtered audit log" />}
        busy={pages.loading}
        className="panel-wide"
      >
        <AuditFilterForm key={query} value={filters} agents={agents.data ?? []} onApply={apply} />
        {firstLoad && <Skeleton label="Loading events…" size={{ height: 240 }} />}
        {pages.items.length === 0 && !pages.loading && pages.error !== undefined && (
          <ErrorState message={pages.error} onRetry={pages.retry} />
        )}
        {pages.items.length > 0 && pages.error !== undefined && (
          <StaleNotice message={pages.error} onRetry={pages.retry} />
        )}
        {!pages.loading &&
          pages.error === undefined &&
          pages.items.length === 0 &&
          pages.nextCursor === null && (
            <EmptyState
              title="No events"
              hint={query ? 'No event matches these filters.' : 'Nothing has been recorded yet.'}
            />
          )}
        {pages.items.length > 0 && (
          <div className="table-scroll">
            <table className="audit-table" data-testid="audit-table">
              <caption className="sr-only">Audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Event</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Actor</th>
                  <th scope="col" className="numeric">
                    <span className="sr-only">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pages.items.map((event) => (
                  <AuditEventRows key={event.id} event={event} agentNames={agentNames} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages.nextCursor !== null && (
          <div className="audit-more">
            <button
              type="button"
              className="button"
              onClick={pages.loadMore}
              disabled={pages.loading}
              data-testid="audit-load-more"
            >
              {pages.loading ? 'Loading…' : 'Load more'}
            </button>
            {pages.items.length === 0 && !pages.loading && (
              <span className="muted">No match in the part of the log read so far.</span>
            )}
          </div>
        )}
      </Panel>
    </>
  );
}
