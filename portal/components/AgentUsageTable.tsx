'use client';

import { Fragment, useState } from 'react';
import {
  agentLabel,
  DEFAULT_USAGE_SORT,
  nextSort,
  sortUsage,
  totalPreviousMonth,
  totalTokens,
  type AgentUsageInput,
  withShares,
  type UsageSort,
  type UsageSortKey,
} from '#lib/agentUsage';
import type { QuotaBody } from '#lib/agentQuota';
import { formatCount, formatShare } from '#lib/format';
import { AgentLink } from './AgentLink';
import { AgentQuotaEditor } from './AgentQuotaEditor';
import { QuotaBar } from './QuotaBar';

const COLUMNS: { key: UsageSortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Agent', numeric: false },
  { key: 'token_count', label: 'Tokens', numeric: true },
  { key: 'previous_month_count', label: 'Last month', numeric: true },
  { key: 'share', label: 'Share', numeric: true },
];

/** Per-agent usage, sortable by any column, with a totals row, quota bars and a quota editor per agent. */
export function AgentUsageTable({
  agents,
  onQuotaChanged,
}: {
  agents: readonly AgentUsageInput[];
  onQuotaChanged?: (agentId: string, quota: QuotaBody | null) => void;
}) {
  const [sort, setSort] = useState<UsageSort>(DEFAULT_USAGE_SORT);
  const [editing, setEditing] = useState<string>();
  const rows = sortUsage(withShares(agents), sort);
  const total = totalTokens(agents);
  const previousTotal = totalPreviousMonth(agents);

  return (
    <div className="table-scroll">
      <table className="usage-table" data-testid="agent-usage-table">
        <caption className="sr-only">
          Tokens issued per agent this month and last month. Column headers are buttons that sort
          the table.
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active ? sort.direction : 'none'}
                  className={column.numeric ? 'numeric' : undefined}
                >
                  <button type="button" onClick={() => setSort(nextSort(sort, column.key))}>
                    {column.label}
                    <span className="sort-indicator" aria-hidden="true">
                      {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
            <th scope="col">Quota</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Fragment key={row.agent_id}>
              <tr data-testid="agent-usage-row" data-agent-id={row.agent_id}>
                <th scope="row" className="agent-name">
                  <AgentLink agentId={row.agent_id} name={row.name} />
                </th>
                <td className="numeric">{formatCount(row.token_count)}</td>
                <td className="numeric previous" data-testid="agent-usage-previous">
                  {row.previous_month_count === undefined
                    ? '—'
                    : formatCount(row.previous_month_count)}
                </td>
                <td className="numeric">
                  <span className="share">
                    <span className="share-bar" aria-hidden="true">
                      <span style={{ width: `${(row.share * 100).toFixed(1)}%` }} />
                    </span>
                    <span className="share-value">
                      {total === 0 ? '—' : formatShare(row.share)}
                    </span>
                  </span>
                </td>
                <td className="quota-cell">
                  {row.quota ? (
                    <QuotaBar quota={row.quota} />
                  ) : (
                    <span className="quota-none">No quota</span>
                  )}
                  <button
                    type="button"
                    className="quota-edit"
                    data-testid="quota-edit"
                    aria-expanded={editing === row.agent_id}
                    onClick={() => setEditing(editing === row.agent_id ? undefined : row.agent_id)}
                  >
                    {row.quota ? 'Edit' : 'Set quota'}
                  </button>
                </td>
              </tr>
              {editing === row.agent_id && (
                <tr className="quota-editor-row">
                  <td colSpan={COLUMNS.length + 1}>
                    <AgentQuotaEditor
                      agentId={row.agent_id}
                      agentName={agentLabel(row.agent_id, row.name)}
                      quota={row.quota ?? null}
                      onChanged={(quota) => onQuotaChanged?.(row.agent_id, quota)}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="agent-usage-total">
            <th scope="row">Total</th>
            <td className="numeric">{formatCount(total)}</td>
            <td className="numeric previous">{formatCount(previousTotal)}</td>
            <td className="numeric">{total === 0 ? '—' : formatShare(1)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
