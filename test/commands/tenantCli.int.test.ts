import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTenant } from '../../src/commands/tenants/createTenant.js';
import { listTenants } from '../../src/commands/tenants/listTenants.js';
import { rotateTenantAdminSecret } from '../../src/commands/tenants/rotateTenantAdminSecret.js';
import { clientSecretMatches } from '../../src/commands/credentials/clientSecrets.js';
import { findClientCredentials } from '../../src/commands/credentials/clientCredentials.js';
import { startCommandApp, startedAt, type CommandApp } from './support/commandApp.js';

const run = promisify(execFile);
const origin = { actor: { type: 'cli' as const, id: 'ops' }, correlationId: 'cli-run-1' };

describe('tenants from the CLI', () => {
  let ctx: CommandApp;
  beforeAll(async () => {
    ctx = await startCommandApp();
  });
  afterAll(() => ctx.close());

  it('creates a tenant: TenantCreated and TenantAdminClientIssued, hashed admin credentials', async () => {
    const created = await createTenant(ctx.runtime, { name: 'Initech', origin });
    const events = (await ctx.allEvents()).filter(
      (e) => e.streamName === `tenant-${created.tenantId}`,
    );
    const metadata = {
      tenantId: created.tenantId,
      occurredAt: startedAt,
      actor: { type: 'cli', id: 'ops' },
      correlationId: 'cli-run-1',
      causationId: null,
      schemaVersion: 1,
    };
    expect(events).toEqual([
      {
        streamName: `tenant-${created.tenantId}`,
        type: 'TenantCreated',
        data: { tenantId: created.tenantId, name: 'Initech' },
        metadata,
      },
      {
        streamName: `tenant-${created.tenantId}`,
        type: 'TenantAdminClientIssued',
        data: { tenantId: created.tenantId, clientId: created.adminClientId },
        metadata,
      },
    ]);
    const stored = await findClientCredentials(ctx.runtime.pool, created.adminClientId);
    expect(stored).toMatchObject({ kind: 'admin', tenantId: created.tenantId, active: true });
    expect(clientSecretMatches(created.adminClientSecret, stored?.secretHash as Buffer)).toBe(true);
    expect(stored?.secretHash.toString('utf8')).not.toContain(created.adminClientSecret);
  });

  it('rotates the admin secret: TenantAdminSecretRotated, old secret no longer matches', async () => {
    const created = await createTenant(ctx.runtime, { name: 'Hooli', origin });
    const rotated = await rotateTenantAdminSecret(ctx.runtime, {
      tenantId: created.tenantId,
      origin,
    });
    expect(rotated.adminClientId).toBe(created.adminClientId);
    const stored = await findClientCredentials(ctx.runtime.pool, created.adminClientId);
    expect(clientSecretMatches(created.adminClientSecret, stored?.secretHash as Buffer)).toBe(
      false,
    );
    expect(clientSecretMatches(rotated.adminClientSecret, stored?.secretHash as Buffer)).toBe(true);
    const events = (await ctx.allEvents()).filter(
      (e) => e.streamName === `tenant-${created.tenantId}`,
    );
    expect(events.at(-1)).toMatchObject({
      type: 'TenantAdminSecretRotated',
      data: { tenantId: created.tenantId, clientId: created.adminClientId },
    });
    await expect(
      rotateTenantAdminSecret(ctx.runtime, {
        tenantId: '00000000-0000-4000-8000-000000000000',
        origin,
      }),
    ).rejects.toThrow('No such tenant');
  });

  it('runs `tenant create Acme --json` as a process and the printed secret works', async () => {
    const { stdout } = await run(
      'node_modules/.bin/tsx',
      ['src/cli/index.ts', 'tenant', 'create', 'Acme', '--json'],
      {
        env: { ...process.env, DATABASE_URL: ctx.runtime.config.DATABASE_URL, LOG_LEVEL: 'warn' },
        timeout: 60_000,
      },
    );
    const printed = JSON.parse(stdout) as Record<string, string>;
    expect(printed).toEqual({
      tenant_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Acme',
      client_id: expect.stringMatching(/^adm_/),
      client_secret: expect.stringMatching(/^cs_/),
    });
    const stored = await findClientCredentials(ctx.runtime.pool, printed.client_id as string);
    expect(stored?.tenantId).toBe(printed.tenant_id);
    expect(clientSecretMatches(printed.client_secret as string, stored?.secretHash as Buffer)).toBe(
      true,
    );
    // readAll only shows events older than every running transaction on the
    // server, which other test files share, so the listing may lag briefly.
    let names: string[] = [];
    for (let attempt = 0; attempt < 50 && !names.includes('Acme'); attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      names = (await listTenants(ctx.runtime.eventStore)).map((t) => t.name);
    }
    expect(names).toContain('Acme');
  }, 90_000);

  it('refuses a tenant name of invisible characters or controls, and writes nothing', async () => {
    const before = (await ctx.allEvents()).length;
    for (const name of ['\u200b\u200d\ufeff', 'Ac\u0007me']) {
      const refused = await run(
        'node_modules/.bin/tsx',
        ['src/cli/index.ts', 'tenant', 'create', name, '--json'],
        {
          env: { ...process.env, DATABASE_URL: ctx.runtime.config.DATABASE_URL, LOG_LEVEL: 'warn' },
          timeout: 60_000,
        },
      ).then(
        () => undefined,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(refused?.code).not.toBe(0);
      expect(refused?.stderr).toMatch(/tenant name must/);
    }
    expect((await ctx.allEvents()).length).toBe(before);
  }, 120_000);

  it('runs `tenant set-time-zone <id> <zone>`: TenantTimeZoneChanged in the canonical spelling; a bad zone writes nothing', async () => {
    const created = await createTenant(ctx.runtime, { name: 'Zoned', origin });
    const cli = (...args: string[]) =>
      run('node_modules/.bin/tsx', ['src/cli/index.ts', 'tenant', 'set-time-zone', ...args], {
        env: { ...process.env, DATABASE_URL: ctx.runtime.config.DATABASE_URL, LOG_LEVEL: 'warn' },
        timeout: 60_000,
      });
    const { stdout } = await cli(created.tenantId, 'europe/berlin', '--json');
    expect(JSON.parse(stdout)).toEqual({ tenant_id: created.tenantId, time_zone: 'Europe/Berlin' });
    const zoneEvents = async () =>
      (await ctx.allEvents()).filter(
        (e) => e.streamName === `tenant-${created.tenantId}` && e.type === 'TenantTimeZoneChanged',
      );
    expect((await zoneEvents()).map((e) => [e.data, e.metadata.actor])).toEqual([
      [
        { tenantId: created.tenantId, timeZone: 'Europe/Berlin' },
        expect.objectContaining({ type: 'cli' }),
      ],
    ]);
    const refused = await cli(created.tenantId, 'EST5EDT').then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(refused?.code).not.toBe(0);
    expect(refused?.stderr).toMatch(/time zone must be an IANA time zone name/);
    expect(await zoneEvents()).toHaveLength(1);
  }, 120_000);
});
