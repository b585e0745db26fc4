import type { AttentionItem } from '#lib/attention';
import { AgentLink } from './AgentLink';

/** Anomalies and failing agents, each with its one-line explanation. */
export function AttentionList({ items }: { items: readonly AttentionItem[] }) {
  return (
    <ul className="attention-list" data-testid="attention-list">
      {items.map((item) => (
        <li
          key={item.key}
          className="attention-item"
          data-testid="attention-item"
          data-agent-id={item.agentId}
          data-kind={item.label}
        >
          <span className="attention-tag">{item.label}</span>
          <AgentLink agentId={item.agentId} name={item.name} />
          <span className="attention-explanation" data-testid="attention-explanation">
            {item.explanation}
          </span>
        </li>
      ))}
    </ul>
  );
}
