import Link from 'next/link';
import { agentPagePath } from '#lib/agentPage';
import { agentLabel } from '#lib/agentUsage';

/** An agent's name, linking to its page. */
export function AgentLink({ agentId, name }: { agentId: string; name: string | undefined }) {
  return (
    <Link href={agentPagePath(agentId)} className="agent-link" data-testid="agent-link">
      {agentLabel(agentId, name)}
    </Link>
  );
}
