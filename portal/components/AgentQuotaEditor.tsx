'use client';

import { useId, useState, type FormEvent } from 'react';
import { parseLimit, QUOTA_MODES, QUOTA_PERIODS, type QuotaBody } from '#lib/agentQuota';

export interface AgentQuotaEditorProps {
  agentId: string;
  agentName: string;
  /** The agent's quota now; null without one. */
  quota: QuotaBody | null;
  /** Called with the quota set (null: removed), to reload what shows it. */
  onChanged?: (quota: QuotaBody | null) => void;
}

const periodLabels = { hour: 'Per hour', day: 'Per day', month: 'Per month' } as const;
const modeLabels = {
  monitor: 'Monitor (count only)',
  enforce: 'Enforce (refuse tokens past the limit)',
} as const;

/**
 * Sets or removes one agent's token quota. Self-contained (it talks to the
 * portal's own /portal-api/agents/[id]/quota route), so any page that shows
 * an agent can place it.
 */
export function AgentQuotaEditor({ agentId, agentName, quota, onChanged }: AgentQuotaEditorProps) {
  const id = useId();
  const [limit, setLimit] = useState(quota ? String(quota.limit) : '');
  const [period, setPeriod] = useState<QuotaBody['period']>(quota?.period ?? 'day');
  const [mode, setMode] = useState<QuotaBody['mode']>(quota?.mode ?? 'monitor');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string }>();

  const send = async (method: 'PUT' | 'DELETE', body?: QuotaBody) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const response = await fetch(`/portal-api/agents/${agentId}/quota`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (response.ok) {
        setMessage({ kind: 'done', text: method === 'PUT' ? 'Quota saved.' : 'Quota removed.' });
        onChanged?.(body ?? null);
        return;
      }
      const problem = (await response.json().catch(() => ({}))) as {
        title?: string;
        detail?: string;
      };
      setMessage({
        kind: 'error',
        text: [problem.title ?? `Failed (${response.status})`, problem.detail]
          .filter(Boolean)
          .join(': '),
      });
    } catch {
      setMessage({ kind: 'error', text: 'The portal could not be reached.' });
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseLimit(limit);
    if ('error' in parsed) {
      setMessage({ kind: 'error', text: parsed.error });
      return;
    }
    void send('PUT', { limit: parsed.limit, period, mode });
  };

  return (
    <form
      className="quota-editor"
      data-testid="quota-editor"
      data-agent-id={agentId}
      onSubmit={save}
      aria-label={`Token quota of ${agentName}`}
    >
      <label htmlFor={`${id}-limit`}>Tokens</label>
      <input
        id={`${id}-limit`}
        data-testid="quota-limit"
        inputMode="numeric"
        value={limit}
        onChange={(event) => setLimit(event.target.value)}
        required
      />
      <label htmlFor={`${id}-period`}>Period</label>
      <select
        id={`${id}-period`}
        data-testid="quota-period"
        value={period}
        onChange={(event) => setPeriod(event.target.value as QuotaBody['period'])}
      >
        {QUOTA_PERIODS.map((value) => (
          <option key={value} value={value}>
            {periodLabels[value]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-mode`}>Mode</label>
      <select
        id={`${id}-mode`}
        data-testid="quota-mode"
        value={mode}
        onChange={(event) => setMode(event.target.value as QuotaBody['mode'])}
      >
        {QUOTA_MODES.map((value) => (
          <option key={value} value={value}>
            {modeLabels[value]}
          </option>
        ))}
      </select>
      <div className="quota-actions">
        <button type="submit" data-testid="quota-save" disabled={busy}>
          Save quota
        </button>
        {quota && (
          <button
            type="button"
            data-testid="quota-remove"
            disabled={busy}
            onClick={() => void send('DELETE')}
          >
            Remove quota
          </button>
        )}
      </div>
      <p
        className={message?.kind === 'error' ? 'quota-message error' : 'quota-message'}
        data-testid="quota-status"
        role="status"
      >
        {message?.text}
      </p>
    </form>
  );
}
