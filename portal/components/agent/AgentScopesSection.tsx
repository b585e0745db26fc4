'use client';

import type { AgentScopeUsage } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { formatCount } from '#lib/format';
import { scopeRows } from '#lib/scopeRows';
import { Panel } from '../Panel';
import { PanelTimeZone } from '../timeZone/PanelTimeZone';
import { usePanelTimeZone } from '../timeZone/TenantTimeZone';
import { EmptyState, SourceStates } from '../PanelStates';

export function AgentScopesSection({ resource }: { resource: Resource<AgentScopeUsage[]> }) {
  const zone = usePanelTimeZone('scopes', resource);
  const { data, loading } = resource;
  const usage = data?.[0];
  const rows = usage === undefined ? [] : scopeRows(usage);
  const unused = usage?.unused.length ?? 0;
  return (
    <div data-testid="agent-section-scopes" className="agent-section">
      <Panel
        title="Scopes"
        subtitle={
          usage === undefined
            ? 'Granted scopes and their use, last 30 days'
            : `${usage.granted.length} granted · ${unused} unused in the last 30 days`
        }
        note={<PanelTimeZone zone={zone} />}
        busy={loading}
      >
        <SourceStates source={resource} loadingLabel="Loading scopes…" size={{ height: 160 }} />
        {usage !== undefined &&
          (rows.length === 0 ? (
            <EmptyState title="No scopes granted" />
          ) : (
            <div className="table-scroll">
              <table className="usage-table">
                <caption className="sr-only">
                  Scopes granted to the agent and tokens carrying each in the last 30 days
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="plain-header">
                      Scope
                    </th>
                    <th scope="col" className="plain-header numeric">
                      Tokens
                    </th>
                    <th scope="col" className="plain-header">
                      Status
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr
                      key={row.scope}
                      data-testid="scope-row"
                      data-scope={row.scope}
                      data-status={row.status}
                    >
                      <th scope="row">
                        <code>{row.scope}</code>
                      </th>
                      <td className="numeric">{formatCount(row.tokens)}</td>
                      <td>
                        <span className={`scope-status scope-${row.status.replaceAll(' ', '-')}`}>
                          {row.status}
                        </span>
                      </td>
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
