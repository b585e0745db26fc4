import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Agent analytics', template: '%s · Agent analytics' },
  description: 'Token issuance and agent activity for your tenant',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Every page is rendered per request: its scripts carry that response's nonce
// (proxy.ts), which a page prerendered at build time could not have.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
