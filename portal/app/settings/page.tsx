import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageFrame } from '../../components/PageFrame';
import { TimeZoneSettings } from '../../components/settings/TimeZoneSettings';
import { readAccessToken } from '#lib/server/session';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  if ((await readAccessToken()) === undefined) redirect('/signin');

  return (
    <PageFrame current="settings">
      <div className="page-heading">
        <div>
          <h1>Settings</h1>
          <p className="muted">Settings of your tenant.</p>
        </div>
      </div>
      <div className="settings-grid">
        <TimeZoneSettings />
        <section className="panel settings-section" aria-labelledby="webhooks-link-heading">
          <div className="panel-header">
            <div>
              <h2 id="webhooks-link-heading">Webhooks</h2>
              <p className="panel-subtitle">
                Alerts (quota thresholds, anomalies, failure spikes) sent to your endpoints.
              </p>
            </div>
          </div>
          <p>
            <Link href="/settings/webhooks" data-testid="settings-webhooks-link">
              Manage webhooks →
            </Link>
          </p>
        </section>
      </div>
    </PageFrame>
  );
}
