'use client';

import { useState, type FormEvent } from 'react';
import {
  AUDIT_EVENT_TYPES,
  inputFromInstant,
  instantFromInput,
  type AuditEventType,
  type AuditFilters,
} from '#lib/auditFilters';

export interface AuditFilterFormProps {
  value: AuditFilters;
  agents: readonly { agent_id: string; name: string }[];
  onApply: (filters: AuditFilters) => void;
}

/** Agent, event type and a UTC time range; applied together, kept in the URL by the page. */
export function AuditFilterForm({ value, agents, onApply }: AuditFilterFormProps) {
  const [agentId, setAgentId] = useState(value.agentId ?? '');
  const [type, setType] = useState<string>(value.type ?? '');
  const [from, setFrom] = useState(inputFromInstant(value.from));
  const [to, setTo] = useState(inputFromInstant(value.to));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filters: AuditFilters = {};
    if (agentId) filters.agentId = agentId;
    if (type) filters.type = type as AuditEventType;
    const fromInstant = instantFromInput(from);
    const toInstant = instantFromInput(to);
    if (fromInstant) filters.from = fromInstant;
    if (toInstant) filters.to = toInstant;
    onApply(filters);
  };
  const clear = () => {
    setAgentId('');
    setType('');
    setFrom('');
    setTo('');
    onApply({});
  };

  return (
    <form className="audit-filters" onSubmit={submit} data-testid="audit-filters">
      <label>
        Agent
        <select
          name="agent_id"
          value={agentId}
          onChange={(event) => setAgentId(event.target.value)}
        >
          <option value="">All agents</option>
          {agents.map((agent) => (
            <option key={agent.agent_id} value={agent.agent_id}>
              {agent.name}
            </option>
          ))}
          {agentId !== '' && !agents.some((agent) => agent.agent_id === agentId) && (
            <option value={agentId}>Agent {agentId.slice(0, 8)}</option>
          )}
        </select>
      </label>
      <label>
        Event type
        <select name="type" value={type} onChange={(event) => setType(event.target.value)}>
          <option value="">All types</option>
          {AUDIT_EVENT_TYPES.map((eventType) => (
            <option key={eventType} value={eventType}>
              {eventType}
            </option>
          ))}
        </select>
      </label>
      <label>
        From (UTC)
        <input
          type="datetime-local"
          name="from"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
        />
      </label>
      <label>
        To (UTC)
        <input
          type="datetime-local"
          name="to"
          value={to}
          onChange={(event) => setTo(event.target.value)}
        />
      </label>
      <div className="audit-filter-actions">
        <button type="submit" className="button primary" data-testid="audit-apply">
          Apply
        </button>
        <button type="button" className="button ghost" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
