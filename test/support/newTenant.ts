import type Koa from 'koa';
import request from 'supertest';
import { createTenant, type CreatedTenant } from '../../src/commands/tenants/createTenant.js';
import type { CommandDeps } from '../../src/commands/commandDeps.js';

export type TenantWithAdminToken = CreatedTenant & { adminToken: string };

/** A tenant created through the service, with an admin token from the app's /oauth2/token. */
export async function newTenantWithAdminToken(
  deps: CommandDeps,
  app: Koa,
  name: string,
): Promise<TenantWithAdminToken> {
  const created = await createTenant(deps, {
    name,
    origin: { actor: { type: 'cli', id: 'test' }, correlationId: 'setup' },
  });
  const response = await request(app.callback())
    .post('/oauth2/token')
    .auth(created.adminClientId, created.adminClientSecret)
    .type('form')
    .send({ grant_type: 'client_credentials' });
  if (response.status !== 200) throw new Error(`admin token: ${JSON.stringify(response.body)}`);
  return { ...created, adminToken: response.body.access_token as string };
}
