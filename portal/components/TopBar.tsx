import Link from 'next/link';
import { SignOutButton } from './SignOutButton';

const PAGES = [
  { key: 'analytics', href: '/analytics', label: 'Analytics' },
  { key: 'audit', href: '/audit', label: 'Audit log' },
  { key: 'settings', href: '/settings', label: 'Settings' },
] as const;

export type ConsolePage = (typeof PAGES)[number]['key'];

/** The header of every signed-in page: brand, the console's pages, sign-out. */
export function TopBar({ current }: { current?: ConsolePage }) {
  return (
    <header className="topbar">
      <p className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Agent identity
      </p>
      <nav className="topnav" aria-label="Console">
        {PAGES.map((page) => (
          <Link
            key={page.key}
            href={page.href}
            aria-current={page.key === current ? 'page' : undefined}
            data-testid={`nav-${page.key}`}
          >
            {page.label}
          </Link>
        ))}
      </nav>
      <SignOutButton />
    </header>
  );
}
