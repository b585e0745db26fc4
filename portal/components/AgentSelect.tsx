'use client';

import { useId } from 'react';
import Link from 'next/link';
import { ALL_AGENTS } from '#lib/activityGrid';
import { agentPagePath } from '#lib/agentPage';
import type { AgentOption } from '#lib/agentOptions';

export interface AgentSelectProps {
  value: string;
  options: readonly AgentOption[];
  onChange: (agentId: string) => void;
}

export function AgentSelect({ value, options, onChange }: AgentSelectProps) {
  const id = useId();
  return (
    <div className="field-inline">
      <label htmlFor={id}>Agent</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid="agent-select"
      >
        <option value={ALL_AGENTS}>All agents</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
      {value !== ALL_AGENTS && (
        <Link href={agentPagePath(value)} className="agent-link" data-testid="agent-page-link">
          Agent page
        </Link>
      )}
    </div>
  );
}
