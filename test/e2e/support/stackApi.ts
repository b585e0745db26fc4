// Talking to a running stack from a test: free ports, admin tokens, the
// analytics endpoints, and waiting (with a deadline) until projections caught up.
import { createServer } from 'node:net';

export interface TokenDay {
  date: string;
  count: number;
}
export interface AgentUsage {
  agent_id: string;
  name: string;
  token_count: number;
}
export interface ActivityBucket {
  agent_id: string;
  dow: number;
  hour: number;
  count: number;
}

/**
 * A port nobody listens on right now, below the kernel's ephemeral range
 * (32768+): ports the OS hands out for listen(0) and outgoing connections of
 * concurrent tests would otherwise be taken between our check and our bind.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!(await portInUse(port))) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

/** True when something accepts connections on the port. */
export async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

export async function adminToken(
  apiUrl: string,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const response = await fetch(`${apiUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`token request answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function getJson<T>(apiUrl: string, token: string, pathAndQuery: string): Promise<T> {
  const response = await fetch(`${apiUrl}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GET ${pathAndQuery} answered ${response.status}`);
  return (await response.json()) as T;
}

export interface Dashboard {
  tokens: TokenDay[];
  agents: AgentUsage[];
  activity: ActivityBucket[];
}

export async function readDashboard(apiUrl: string, token: string, days = 90): Promise<Dashboard> {
  const [tokens, agents, activity] = await Promise.all([
    getJson<TokenDay[]>(apiUrl, token, `/api/analytics/tokens?days=${days}`),
    getJson<AgentUsage[]>(apiUrl, token, '/api/analytics/agents'),
    getJson<ActivityBucket[]>(apiUrl, token, '/api/analytics/agents/activity'),
  ]);
  return { tokens, agents, activity };
}

/** Polls the dashboard until `done` holds, or fails at the deadline with the last answer. */
export async function waitForDashboard(
  apiUrl: string,
  token: string,
  done: (dashboard: Dashboard) => boolean,
  options: { timeoutMs: number; days?: number },
): Promise<Dashboard> {
  const deadline = Date.now() + options.timeoutMs;
  let last: Dashboard | undefined;
  let problem = '';
  while (Date.now() < deadline) {
    try {
      last = await readDashboard(apiUrl, token, options.days);
      if (done(last)) return last;
    } catch (error) {
      problem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const total = last?.tokens.reduce((sum, day) => sum + day.count, 0);
  throw new Error(
    `projections did not catch up in ${options.timeoutMs} ms (tokens counted: ${total ?? 'none'}, agents: ${last?.agents.length ?? 'none'}) ${problem}`,
  );
}

export const sumCounts = (days: readonly TokenDay[]): number =>
  days.reduce((sum, day) => sum + day.count, 0);
