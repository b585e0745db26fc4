import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuditLog } from '../../components/audit/AuditLog';
import { PageFrame } from '../../components/PageFrame';
import { readAccessToken } from '#lib/server/session';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage() {
  if ((await readAccessToken()) === undefined) redirect('/signin');

  return (
    <PageFrame current="audit">
      <AuditLog />
    </PageFrame>
  );
}
