import request from 'supertest';
import { startHttpServer, type RunningServer } from '../../../src/http/server.js';
import { startCommandApp, type CommandApp } from '../../commands/support/commandApp.js';

/** The whole API on a listening server, with a tenant, its admin token and one agent. */
export interface SecurityApp {
  ctx: CommandApp;
  http: RunningServer;
  url: string;
  tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
  agent: { agentId: string; clientId: string; clientSecret: string };
  /** Rows in the tables a request could write to. */
  writtenRows(): Promise<{ events: number; credentials: number; webhooks: number }>;
  close(): Promise<void>;
}

export async function startSecurityApp(
  env: Record<string, string> = {},
  options: Pick<
    NonNullable<Parameters<typeof startCommandApp>[1]>,
    'trustProxy' | 'eventStoreUrl'
  > = {},
): Promise<SecurityApp> {
  const ctx = await startCommandApp(env, { allRoutes: true, ...options });
  const http = await startHttpServer(ctx.app, {
    host: '127.0.0.1',
    port: 0,
    logger: ctx.runtime.logger,
  });
  const { url } = http;
  const tenant = await ctx.newTenant();
  const registered = await request(url)
    .post('/api/agents')
    .set('authorization', `Bearer ${tenant.adminToken}`)
    .send({ name: 'Target', scopes: ['analytics:read'] });
  if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
  return {
    ctx,
    http,
    url,
    tenant,
    agent: {
      agentId: registered.body.agent_id,
      clientId: registered.body.client_id,
      clientSecret: registered.body.client_secret,
    },
    async writtenRows() {
      const { rows } = await ctx.runtime.pool.query<{
        events: number;
        credentials: number;
        webhooks: number;
      }>(
        `SELECT (SELECT count(*) FROM events)::int AS events,
                (SELECT count(*) FROM client_credentials)::int AS credentials,
                (SELECT count(*) FROM webhook_endpoints)::int AS webhooks`,
      );
      return rows[0] as { events: number; credentials: number; webhooks: number };
    },
    async close() {
      await http.close(0);
      await ctx.close();
    },
  };
}

/** Signs of an internal failure leaking to the client. */
export const leakPatterns: readonly RegExp[] = [
  /\n\s+at /, // stack frame
  /node_modules|\/src\/|\.ts:\d+/,
  /\b(Type|Reference|Syntax|Range|URI)Error\b/,
  /\bpg\b|postgres|syntax error at|relation "|column "|duplicate key|violates/i,
  /ECONNREFUSED|ECONNRESET/,
];
