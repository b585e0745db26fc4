import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { AgentHealth } from '../../../../components/agent/AgentHealth';
import { PageFrame } from '../../../../components/PageFrame';
import { isAgentId } from '#lib/agentPage';
import { readAccessToken } from '#lib/server/session';

export const metadata: Metadata = { title: 'Agent' };

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  if ((await readAccessToken()) === undefined) redirect('/signin');
  const { id } = await params;
  if (!isAgentId(id)) notFound();

  return (
    <PageFrame>
      <AgentHealth agentId={id.toLowerCase()} />
    </PageFrame>
  );
}
