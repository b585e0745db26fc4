import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AnalyticsDashboard } from '../../components/AnalyticsDashboard';
import { SignOutButton } from '../../components/SignOutButton';
import { readAccessToken } from '#lib/server/session';

export const metadata: Metadata = { title: 'Analytics' };

export default async function AnalyticsPage() {
  if ((await readAccessToken()) === undefined) redirect('/signin');

  return (
    <>
      <header className="topbar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Agent identity
        </p>
        <SignOutButton />
      </header>
      <main className="page">
        <AnalyticsDashboard />
      </main>
    </>
  );
}
