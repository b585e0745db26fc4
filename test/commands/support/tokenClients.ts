import request from 'supertest';
import { registerAgent } from '../../../src/commands/agents/registerAgent.js';
import type { CommandApp } from './commandApp.js';

/** A new tenant with one agent registered through the command service. */
export async function agentOf(ctx: CommandApp, name = 'Agent') {
  const tenant = await ctx.newTenant();
  const registered = await registerAgent(ctx.runtime, {
    tenantId: tenant.tenantId,
    name,
    scopes: ['a'],
    origin: { actor: { type: 'cli', id: 'test' }, correlationId: 'setup' },
  });
  return { tenant, clientId: registered.agent.clientId, secret: registered.clientSecret };
}

/** POST /oauth2/token with the secret in the form body. */
export const tokenRequest = (ctx: CommandApp, clientId: string, secret: string) =>
  request(ctx.app.callback())
    .post('/oauth2/token')
    .type('form')
    .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
