import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import { signAccessToken, type TokenSettings } from '../../../src/auth/accessTokens.js';
import { KeyRing } from '../../../src/auth/signingKeys.js';
import { fixedClock } from '../../../src/clock.js';
import { PostgresEventStore } from '../../../src/eventstore/postgres/PostgresEventStore.js';
import { createApp } from '../../../src/app/app.js';
import { openapiRouter } from '../../../src/http/openapi/openapiRouter.js';
import { openapiRegistrars } from '../../../src/app/routes.js';
import { createLogger } from '../../../src/logger.js';
import { agentsRouter } from '../../../src/queries/http/agentsRouter.js';
import { analyticsRouter } from '../../../src/queries/http/analyticsRouter.js';
import { auditRouter } from '../../../src/queries/http/auditRouter.js';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase.js';
import { domainEventCodec } from '../../../src/events/registry.js';

/** A fresh database, the query routers on a Koa app, and a fixed clock. */
export interface QueryTestContext {
  db: TestDatabase;
  app: Koa;
  /** The queries' clock: what "today" is. */
  clock: ReturnType<typeof fixedClock>;
  /** The clock tokens are signed and verified with, apart so moving "today" keeps tokens valid. */
  authClock: ReturnType<typeof fixedClock>;
  store: PostgresEventStore;
  /** A bearer token for the tenant, with the tenant_admin role unless roles are given. */
  tokenFor(tenantId: string, roles?: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function createQueryTestContext(now: string): Promise<QueryTestContext> {
  const db = await createTestDatabase();
  const clock = fixedClock(now);
  const authClock = fixedClock(now);
  const keys = new KeyRing({
    pool: db.pool,
    clock: authClock,
    rotationDays: 30,
    maxTokenTtlSeconds: 3600,
  });
  const tokenSettings: TokenSettings = {
    issuer: 'http://issuer.test',
    audience: 'agent-analytics',
    ttlSeconds: 3600,
    clock: authClock,
  };
  const store = new PostgresEventStore({
    codec: domainEventCodec,
    pool: db.pool,
    connectionString: db.url,
  });
  const deps = { pool: db.pool, eventStore: store, clock, keys, tokenSettings };
  const app = createApp({
    logger: createLogger({ level: 'silent' }),
    routers: [
      openapiRouter(openapiRegistrars),
      analyticsRouter(deps),
      agentsRouter(deps),
      auditRouter(deps),
    ],
  });
  return {
    db,
    app,
    clock,
    authClock,
    store,
    async tokenFor(tenantId, roles = ['tenant_admin']) {
      const { token } = await signAccessToken(
        keys,
        {
          subject: randomUUID(),
          tenantId,
          clientId: `adm_${randomUUID().replaceAll('-', '')}`,
          scopes: [],
          roles,
        },
        tokenSettings,
      );
      return token;
    },
    async close() {
      await store.close();
      await db.drop();
    },
  };
}
