import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageFrame } from '../../../components/PageFrame';
import { WebhooksSettings } from '../../../components/webhooks/WebhooksSettings';
import { readAccessToken } from '#lib/server/session';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  if ((await readAccessToken()) === undefined) redirect('/signin');

  return (
    <PageFrame current="settings">
      <WebhooksSettings />
    </PageFrame>
  );
}
