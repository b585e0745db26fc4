import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCommandApp, type CommandApp } from './support/commandApp.js';

const run = promisify(execFile);

describe('agents from the CLI', () => {
  let ctx: CommandApp;
  const cli = async (...args: string[]): Promise<Record<string, string>> => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/index.ts', ...args, '--json'],
      {
        env: { ...process.env, DATABASE_URL: ctx.runtime.config.DATABASE_URL, LOG_LEVEL: 'warn' },
        timeout: 60_000,
      },
    );
    return JSON.parse(stdout) as Record<string, string>;
  };
  beforeAll(async () => {
    ctx = await startCommandApp();
  });
  afterAll(() => ctx.close());

  it('registers, shows, rotates and deactivates an agent through the command services', async () => {
    const tenant = await cli('tenant', 'create', 'Acme');
    const registered = await cli(
      'agents',
      'register',
      '--tenant',
      tenant.tenant_id as string,
      '--name',
      'ops-bot',
      '--scope',
      'tickets:read',
      '--scope',
      'tickets:write',
    );
    expect(registered).toMatchObject({ name: 'ops-bot', scopes: 'tickets:read tickets:write' });
    expect(registered.client_secret).toEqual(expect.any(String));

    const agent = [
      '--tenant',
      tenant.tenant_id as string,
      '--agent',
      registered.agent_id as string,
    ];
    expect(await cli('agents', 'show', ...agent)).toMatchObject({
      status: 'active',
      revision: '0',
    });
    const rotated = await cli('agents', 'rotate-secret', ...agent);
    expect(rotated.client_secret).not.toBe(registered.client_secret);
    expect(await cli('agents', 'deactivate', ...agent, '--reason', 'retired')).toEqual({
      agent_id: registered.agent_id,
      status: 'deactivated',
    });

    const events = (await ctx.allEvents()).filter((e) =>
      e.streamName.startsWith(`agent-${tenant.tenant_id}.`),
    );
    expect(events.map((e) => e.type)).toEqual([
      'AgentRegistered',
      'AgentSecretRotated',
      'AgentDeactivated',
    ]);
    expect(events.every((e) => (e.metadata.actor as { type: string }).type === 'cli')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(registered.client_secret);
  });

  it('takes ids in any case as the API does, and refuses a tenant that does not exist', async () => {
    const tenant = await cli('tenant', 'create', 'Upper');
    const upper = (tenant.tenant_id as string).toUpperCase();
    const registered = await cli('agents', 'register', '--tenant', upper, '--name', 'shouting');
    const events = (await ctx.allEvents()).filter((e) => e.type === 'AgentRegistered');
    const written = events.find((e) => e.data.agentId === registered.agent_id);
    expect(written?.streamName).toBe(`agent-${tenant.tenant_id}.${registered.agent_id}`);
    expect(written?.data.tenantId).toBe(tenant.tenant_id);
    const agent = ['--tenant', upper, '--agent', (registered.agent_id as string).toUpperCase()];
    expect(await cli('agents', 'show', ...agent)).toMatchObject({ status: 'active' });
    expect(await cli('tenant', 'admin', 'rotate', upper)).toMatchObject({
      tenant_id: tenant.tenant_id,
    });

    await expect(
      cli('agents', 'register', '--tenant', '00000000-0000-4000-8000-000000000000', '--name', 'x'),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No such tenant') });
    expect((await ctx.allEvents()).filter((e) => e.type === 'AgentRegistered')).toHaveLength(
      events.length,
    );
  });

  it('words refused names and scopes as the API does', async () => {
    const tenant = await cli('tenant', 'create', 'Wordy');
    const register = (...args: string[]) =>
      cli('agents', 'register', '--tenant', tenant.tenant_id as string, ...args);
    await expect(register('--name', 'x'.repeat(201))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('The name must be at most 200 characters'),
    });
    await expect(register('--name', 'ok', '--scope', 'bad scope')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('The scope must be an RFC 6749 scope token'),
    });
    await expect(cli('tenant', 'create', ' ')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('The tenant name must not be empty'),
    });
  });

  it('refuses a malformed id with a clear message and a non-zero exit', async () => {
    await expect(
      cli('agents', 'show', '--tenant', 'nope', '--agent', 'nope'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('The tenant id must be a UUID'),
    });
  });
});
