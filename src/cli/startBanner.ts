import type { DemoState } from '../demo/demoState.js';

/** What `npm start` prints once everything runs; tests read these labelled lines. */
export function startBanner(options: {
  portalUrl: string;
  apiUrl: string;
  demo: DemoState;
  seeded: boolean;
}): string {
  const rows: Array<[string, string]> = [
    ['Portal', `${options.portalUrl}/analytics`],
    ['API', options.apiUrl],
    ['Tenant', `${options.demo.tenantName} (${options.demo.tenantId})`],
    ['Admin client ID', options.demo.adminClientId],
    ['Admin client secret', options.demo.adminClientSecret],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}`);
  const rule = '='.repeat(Math.max(...lines.map((line) => line.length)) + 2);
  return [
    '',
    rule,
    '  Agent analytics is running',
    rule,
    ...lines,
    '',
    `  ${options.seeded ? 'Seeded a new demo tenant' : 'Reusing the demo tenant from the last run'}; live token traffic is on.`,
    '  Sign in to the portal with the admin client ID and secret.',
    '  A process that dies is restarted; each restart is reported here with a status line.',
    '  Webhooks may target this machine: `npm run cli -- webhooks listen` receives them',
    "  (subscribe http://127.0.0.1:<port>/ on the portal's Webhooks page).",
    '  Ctrl-C stops everything.',
    rule,
    '',
  ].join('\n');
}
