import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AnalyticsDashboard } from '../../components/AnalyticsDashboard';
import { PageFrame } from '../../components/PageFrame';
import { readAccessToken } from '#lib/server/session';

export const metadata: Metadata = { title: 'Analytics' };

export default async function AnalyticsPage() {
  if ((await readAccessToken()) === undefined) redirect('/signin');

  return (
    <PageFrame current="analytics">
      <AnalyticsDashboard />
    </PageFrame>
  );
}
