import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignOutButton } from '../../../components/SignOutButton';
import { WebhooksSettings } from '../../../components/webhooks/WebhooksSettings';
import { readAccessToken } from '#lib/server/session';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  if ((await readAccessToken()) === undefined) redirect('/signin');

  return (
    <>
      <header className="topbar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Agent identity
        </p>
        <nav className="topnav">
          <Link href="/analytics">Analytics</Link>
        </nav>
        <SignOutButton />
      </header>
      <main className="page">
        <WebhooksSettings />
      </main>
    </>
  );
}
