import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { readAccessToken } from '#lib/server/session';
import { SignInForm } from './SignInForm';

export const metadata: Metadata = { title: 'Sign in' };

const NOTICES: Record<string, string> = {
  expired: 'Your session has ended. Sign in again to continue.',
  forbidden: 'Those credentials do not belong to a tenant admin.',
  signed_out: 'You have signed out.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if ((await readAccessToken()) !== undefined) redirect('/analytics');
  const reason = (await searchParams).reason;
  const notice = typeof reason === 'string' ? NOTICES[reason] : undefined;

  return (
    <main className="signin">
      <div className="signin-card">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Agent identity
        </p>
        <h1>Sign in to analytics</h1>
        <p className="muted">Use your tenant admin client credentials.</p>
        {notice !== undefined && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <SignInForm />
      </div>
    </main>
  );
}
