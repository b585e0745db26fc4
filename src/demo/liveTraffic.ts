import type { DemoState } from './demoState.js';
import type { Random } from './random.js';

export interface LiveTraffic {
  stop(): void;
  readonly stats: { issued: number; failed: number };
}

// A light, steady stream of real token requests through POST /oauth2/token so
// the dashboard visibly moves; busier agents are picked more often.
export function startLiveTraffic(
  apiUrl: string,
  state: DemoState,
  options: { intervalMs?: number; random: Random; onError?(message: string): void },
): LiveTraffic {
  const active = state.agents.filter((agent) => agent.active && !agent.silent);
  const totalWeight = active.reduce((sum, agent) => sum + agent.peakTokensPerHour, 0);
  const stats = { issued: 0, failed: 0 };
  const pick = () => {
    let roll = options.random() * totalWeight;
    for (const agent of active) {
      roll -= agent.peakTokensPerHour;
      if (roll <= 0) return agent;
    }
    return active[active.length - 1];
  };
  const timer = setInterval(() => {
    const agent = pick();
    if (!agent) return;
    fetch(`${apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: agent.clientId,
        client_secret: agent.clientSecret,
      }),
      signal: AbortSignal.timeout(5000),
    })
      .then((response) => {
        if (response.ok) stats.issued += 1;
        else {
          stats.failed += 1;
          options.onError?.(`token request for ${agent.name} answered ${response.status}`);
        }
      })
      .catch((error: unknown) => {
        stats.failed += 1;
        options.onError?.(`token request for ${agent.name} failed: ${(error as Error).message}`);
      });
  }, options.intervalMs ?? 1500);
  return {
    stats,
    stop: () => clearInterval(timer),
  };
}
