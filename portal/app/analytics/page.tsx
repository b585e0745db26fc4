import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AnalyticsDashboard } from '../../components/AnalyticsDashboard';
import { TopBar } from '../../components/TopBar';
import { readAccessToken } from '#lib/server/session';

export const metadata: Metadata = { title: 'Analytics' };

export default async function AnalyticsPage() {
  if ((await readAccessToken()) === undefined) redirect('/signin');

  return (
    <>
      <TopBar current="analytics" />
      <main className="page">
        <AnalyticsDashboard />
      </main>
    </>
  );
}
