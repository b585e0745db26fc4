// The demo tenant's agents: how busy each is, when it works, and its life story.
export type ActivityPattern = 'business-hours' | 'nightly-batch' | 'around-the-clock';

/**
 * A departure from the agent's weekly pattern, recent enough for the portal's
 * "Needs attention" panel to show on a first look:
 * - spike: the latest busy hour (at least a day ago) issues `factor` times its usual tokens;
 * - silence: no tokens in the last `hours` hours, and none from the live traffic after;
 * - failure-burst: `failures` wrong-secret requests within the hour `hoursAgo` hours ago.
 */
export type DemoIncident =
  | { kind: 'spike'; factor: number }
  | { kind: 'silence'; hours: number }
  | { kind: 'failure-burst'; hoursAgo: number; failures: number };

export interface DemoAgent {
  name: string;
  description: string;
  scopes: string[];
  /** Mean tokens per active hour at the pattern's peak. */
  peakTokensPerHour: number;
  pattern: ActivityPattern;
  /** Days before today the agent was registered. */
  registeredDaysAgo: number;
  renamedTo?: { name: string; daysAgo: number };
  deactivatedDaysAgo?: number;
  incident?: DemoIncident;
}

export const demoAgents: DemoAgent[] = [
  {
    name: 'support-assistant',
    description: 'Answers customer tickets',
    scopes: ['tickets:read', 'tickets:write'],
    peakTokensPerHour: 14,
    pattern: 'business-hours',
    registeredDaysAgo: 89,
    incident: { kind: 'spike', factor: 10 },
  },
  {
    name: 'billing-reconciler',
    description: 'Reconciles invoices nightly',
    scopes: ['billing:read'],
    peakTokensPerHour: 22,
    pattern: 'nightly-batch',
    registeredDaysAgo: 89,
  },
  {
    name: 'code-reviewer',
    description: 'Reviews pull requests',
    scopes: ['repo:read'],
    peakTokensPerHour: 9,
    pattern: 'business-hours',
    registeredDaysAgo: 75,
    renamedTo: { name: 'code-review-agent', daysAgo: 40 },
  },
  {
    name: 'security-scanner',
    description: 'Scans dependencies for advisories',
    scopes: ['repo:read', 'alerts:write'],
    peakTokensPerHour: 10,
    pattern: 'around-the-clock',
    registeredDaysAgo: 89,
    incident: { kind: 'silence', hours: 8 },
  },
  {
    name: 'sales-copilot',
    description: 'Drafts follow-ups for the sales team',
    scopes: ['crm:read'],
    peakTokensPerHour: 6,
    pattern: 'business-hours',
    registeredDaysAgo: 50,
    incident: { kind: 'failure-burst', hoursAgo: 3, failures: 40 },
  },
  {
    name: 'data-pipeline',
    description: 'Moves warehouse exports',
    scopes: ['warehouse:write'],
    peakTokensPerHour: 12,
    pattern: 'nightly-batch',
    registeredDaysAgo: 30,
  },
  {
    name: 'legacy-importer',
    description: 'Imported records from the old CRM',
    scopes: ['crm:write'],
    peakTokensPerHour: 8,
    pattern: 'around-the-clock',
    registeredDaysAgo: 89,
    deactivatedDaysAgo: 35,
  },
  {
    name: 'onboarding-guide',
    description: 'Walks new users through setup',
    scopes: ['users:read'],
    peakTokensPerHour: 4,
    pattern: 'business-hours',
    registeredDaysAgo: 12,
  },
];
