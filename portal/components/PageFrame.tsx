import type { ReactNode } from 'react';
import { SignOutButton } from './SignOutButton';

/** The signed-in pages' top bar and main area. */
export function PageFrame({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="topbar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Agent identity
        </p>
        <SignOutButton />
      </header>
      <main className="page">{children}</main>
    </>
  );
}
