import type { ReactNode } from 'react';
import { TopBar, type ConsolePage } from './TopBar';

/** The signed-in pages' top bar (with the console's navigation) and main area. */
export function PageFrame({ current, children }: { current?: ConsolePage; children: ReactNode }) {
  return (
    <>
      <TopBar {...(current === undefined ? {} : { current })} />
      <main className="page">{children}</main>
    </>
  );
}
