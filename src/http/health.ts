import Router from '@koa/router';

export interface HealthCheckResult {
  ok: boolean;
  details?: Record<string, unknown>;
}

export interface HealthCheck {
  readonly name: string;
  run(): Promise<HealthCheckResult>;
}

const checkTimeoutMs = 2000;

async function runWithTimeout(check: HealthCheck): Promise<HealthCheckResult & { error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${checkTimeoutMs} ms`)),
      checkTimeoutMs,
    );
  });
  try {
    return await Promise.race([check.run(), timeout]);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

// Liveness says the process answers; readiness says its dependencies do, and
// names the ones that do not.
export function healthRouter(checks: readonly HealthCheck[]): Router {
  const router = new Router();
  router.get('/health/live', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/health/ready', async (ctx) => {
    const results = await Promise.all(
      checks.map(async (check) => [check.name, await runWithTimeout(check)] as const),
    );
    const failing = results.filter(([, result]) => !result.ok).map(([name]) => name);
    ctx.status = failing.length === 0 ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: failing.length === 0 ? 'ok' : 'unavailable',
      failing,
      checks: Object.fromEntries(results),
    };
  });
  return router;
}
