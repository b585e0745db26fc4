import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startCommandApp, startedAt, type CommandApp } from './support/commandApp.js';
import { waitFor } from '../support/waitFor.js';

type Tenant = Awaited<ReturnType<CommandApp['newTenant']>>;

describe('tenant settings over HTTP', () => {
  let ctx: CommandApp;
  const http = () => request(ctx.app.callback());
  const getSettings = (tenant: Tenant) =>
    http().get('/api/tenant/settings').set('authorization', `Bearer ${tenant.adminToken}`);
  const putSettings = (tenant: Tenant, body: unknown) =>
    http()
      .put('/api/tenant/settings')
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send(body as object);

  async function zoneEvents(tenant: Tenant) {
    return (await ctx.allEvents()).filter(
      (e) => e.streamName === `tenant-${tenant.tenantId}` && e.type === 'TenantTimeZoneChanged',
    );
  }

  beforeAll(async () => {
    ctx = await startCommandApp({}, { allRoutes: true });
  });
  afterAll(() => ctx.close());

  it('answers UTC for a tenant that never set a zone, with an ETag', async () => {
    const tenant = await ctx.newTenant();
    const response = await getSettings(tenant);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.body).toEqual({ time_zone: 'UTC' });
    // TenantCreated and TenantAdminClientIssued: revision 1.
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('stores a zone with TenantTimeZoneChanged on the tenant stream; GET then answers it', async () => {
    const tenant = await ctx.newTenant();
    const put = await putSettings(tenant, { time_zone: 'Asia/Kolkata' }).set(
      'x-request-id',
      'req-tz-1',
    );
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ time_zone: 'Asia/Kolkata' });
    expect(put.headers.etag).toBe('"2"');
    const events = await zoneEvents(tenant);
    expect(events).toEqual([
      {
        streamName: `tenant-${tenant.tenantId}`,
        type: 'TenantTimeZoneChanged',
        data: { tenantId: tenant.tenantId, timeZone: 'Asia/Kolkata' },
        metadata: {
          tenantId: tenant.tenantId,
          occurredAt: startedAt,
          actor: { type: 'admin', id: tenant.adminClientId },
          correlationId: 'req-tz-1',
          causationId: null,
          schemaVersion: 1,
        },
      },
    ]);
    const get = await getSettings(tenant);
    expect(get.body).toEqual({ time_zone: 'Asia/Kolkata' });
    expect(get.headers.etag).toBe('"2"');
  });

  it('shows the change in the tenant’s audit log, by its admin', async () => {
    const tenant = await ctx.newTenant();
    await putSettings(tenant, { time_zone: 'America/New_York' }).set('x-request-id', 'req-tz-2');
    const auditPage = () =>
      http()
        .get('/api/audit/events?type=TenantTimeZoneChanged')
        .set('authorization', `Bearer ${tenant.adminToken}`);
    // The log shows an event once every transaction older than its own has
    // ended, and other test files share the server: it may show a moment late.
    let audit = await auditPage();
    await waitFor('the audit page to show the change', async () => {
      audit = await auditPage();
      return audit.status !== 200 || audit.body.items.length > 0;
    });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        type: 'TenantTimeZoneChanged',
        stream: `tenant-${tenant.tenantId}`,
        actor: { type: 'admin', id: tenant.adminClientId },
        data: { tenantId: tenant.tenantId, timeZone: 'America/New_York' },
        metadata: expect.objectContaining({ correlation_id: 'req-tz-2' }),
      }),
    ]);
  });

  it('accepts IANA names in the spelling given, and known names in any case', async () => {
    const tenant = await ctx.newTenant();
    const cases: [string, string][] = [
      ['Asia/Kolkata', 'Asia/Kolkata'],
      ['Asia/Kathmandu', 'Asia/Kathmandu'],
      ['America/New_York', 'America/New_York'],
      ['Europe/Berlin', 'Europe/Berlin'],
      ['europe/berlin', 'Europe/Berlin'],
      ['AMERICA/NEW_YORK', 'America/New_York'],
      ['asia/kolkata', 'Asia/Kolkata'],
      ['utc', 'UTC'],
    ];
    for (const [given, stored] of cases) {
      const put = await putSettings(tenant, { time_zone: given });
      expect([given, put.status, put.body]).toEqual([given, 200, { time_zone: stored }]);
      expect((await getSettings(tenant)).body).toEqual({ time_zone: stored });
    }
    // europe/berlin after Europe/Berlin is the same zone: no event for it.
    expect((await zoneEvents(tenant)).map((e) => e.data.timeZone)).toEqual([
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'America/New_York',
      'Europe/Berlin',
      'America/New_York',
      'Asia/Kolkata',
      'UTC',
    ]);
  });

  it('appends nothing for the zone the tenant already has, and answers 200 with the current settings', async () => {
    const tenant = await ctx.newTenant();
    const utc = await putSettings(tenant, { time_zone: 'UTC' });
    expect(utc.status).toBe(200);
    expect(utc.body).toEqual({ time_zone: 'UTC' });
    expect(utc.headers.etag).toBe('"1"');
    await putSettings(tenant, { time_zone: 'Europe/Berlin' });
    const again = await putSettings(tenant, { time_zone: 'Europe/Berlin' });
    expect(again.status).toBe(200);
    expect(again.headers.etag).toBe('"2"');
    expect(await zoneEvents(tenant)).toHaveLength(1);
  });

  it('refuses bad values with a problem document naming time_zone, appending nothing', async () => {
    const tenant = await ctx.newTenant();
    const before = (await ctx.allEvents()).length;
    const bodies: unknown[] = [
      { time_zone: 'Mars/Olympus' },
      { time_zone: '+05:30' },
      { time_zone: 'EST5EDT' },
      { time_zone: '' },
      { time_zone: `Europe/${'B'.repeat(58)}` },
      { time_zone: 'Europe/Berlin\u0000' },
      { time_zone: 5.5 },
      { time_zone: null },
      { time_zone: ['Europe/Berlin'] },
      {},
      { time_zone: 'Europe/Berlin', locale: 'de' },
      ['Europe/Berlin'],
      'Europe/Berlin',
    ];
    expect(`Europe/${'B'.repeat(58)}`).toHaveLength(65);
    for (const body of bodies) {
      const refused =
        typeof body === 'string'
          ? await http()
              .put('/api/tenant/settings')
              .set('authorization', `Bearer ${tenant.adminToken}`)
              .type('json')
              .send(JSON.stringify(body))
          : await putSettings(tenant, body);
      expect([body, refused.status]).toEqual([body, 400]);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect([body, JSON.stringify(refused.body.errors)]).toEqual([
        body,
        expect.stringContaining('time_zone'),
      ]);
    }
    expect((await ctx.allEvents()).length).toBe(before);
    expect((await getSettings(tenant)).body).toEqual({ time_zone: 'UTC' });
  });

  it('refuses query parameters and bodies that are not JSON', async () => {
    const tenant = await ctx.newTenant();
    const withQuery = await http()
      .get('/api/tenant/settings?tenant_id=x')
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect(withQuery.status).toBe(400);
    const asText = await http()
      .put('/api/tenant/settings')
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .type('text/plain')
      .send('Europe/Berlin');
    expect(asText.status).toBe(415);
    expect(await zoneEvents(tenant)).toEqual([]);
  });

  it('honours If-Match: the current ETag changes the zone, a stale one is 412 and appends nothing', async () => {
    const tenant = await ctx.newTenant();
    const { etag } = (await getSettings(tenant)).headers;
    const changed = await putSettings(tenant, { time_zone: 'Asia/Kathmandu' }).set(
      'if-match',
      String(etag),
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    const stale = await putSettings(tenant, { time_zone: 'Europe/Berlin' }).set(
      'if-match',
      String(etag),
    );
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const weak = await putSettings(tenant, { time_zone: 'Europe/Berlin' }).set('if-match', 'W/"2"');
    expect(weak.status).toBe(412);
    const malformed = await putSettings(tenant, { time_zone: 'Europe/Berlin' }).set(
      'if-match',
      '2',
    );
    expect(malformed.status).toBe(400);
    // The settings exist, so If-None-Match: * fails, as does naming their revision.
    for (const ifNoneMatch of ['*', 'W/"2"']) {
      const exists = await putSettings(tenant, { time_zone: 'Europe/Berlin' }).set(
        'if-none-match',
        ifNoneMatch,
      );
      expect(exists.status).toBe(412);
    }
    expect((await zoneEvents(tenant)).map((e) => e.data.timeZone)).toEqual(['Asia/Kathmandu']);
    expect((await getSettings(tenant)).body).toEqual({ time_zone: 'Asia/Kathmandu' });
  });

  it('requires a tenant admin token: 401 without or with a bad one, 403 for an agent token', async () => {
    const tenant = await ctx.newTenant();
    expect((await http().get('/api/tenant/settings')).status).toBe(401);
    expect(
      (await http().put('/api/tenant/settings').send({ time_zone: 'Europe/Berlin' })).status,
    ).toBe(401);
    expect(
      (await http().get('/api/tenant/settings').set('authorization', 'Bearer not.a.jwt')).status,
    ).toBe(401);

    const agent = await http()
      .post('/api/agents')
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send({ name: 'Token holder', scopes: ['x'] });
    const token = await http().post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: agent.body.client_id,
      client_secret: agent.body.client_secret,
    });
    expect(token.status).toBe(200);
    const asAgent = { authorization: `Bearer ${token.body.access_token}` };
    expect((await http().get('/api/tenant/settings').set(asAgent)).status).toBe(403);
    const put = await http()
      .put('/api/tenant/settings')
      .set(asAgent)
      .send({ time_zone: 'Europe/Berlin' });
    expect(put.status).toBe(403);
    expect(await zoneEvents(tenant)).toEqual([]);
  });

  it('after concurrent changes, the settings are the last zone the log recorded', async () => {
    const tenant = await ctx.newTenant();
    const zones = ['Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Europe/Berlin'];
    const answers = await Promise.all(
      zones.map((zone) => putSettings(tenant, { time_zone: zone })),
    );
    // A conflicting append is retried once with fresh state, then refused as 409.
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    expect(answers.some((answer) => answer.status === 200)).toBe(true);
    const recorded = (await zoneEvents(tenant)).map((e) => e.data.timeZone);
    const accepted = answers.filter((a) => a.status === 200).map((a) => a.body.time_zone);
    expect([...recorded].sort()).toEqual([...accepted].sort());
    const settings = await getSettings(tenant);
    expect(settings.body).toEqual({ time_zone: recorded.at(-1) });
    expect(settings.headers.etag).toBe(`"${1 + recorded.length}"`);
  });

  it('keeps each tenant to its own setting', async () => {
    const a = await ctx.newTenant('A');
    const b = await ctx.newTenant('B');
    await putSettings(a, { time_zone: 'Asia/Kolkata' });
    expect((await getSettings(b)).body).toEqual({ time_zone: 'UTC' });
    // Only the token decides the tenant: a tenant id anywhere else is refused or ignored.
    const smuggled = await putSettings(b, { time_zone: 'Europe/Berlin', tenant_id: a.tenantId });
    expect(smuggled.status).toBe(400);
    expect(JSON.stringify(smuggled.body)).not.toContain(a.tenantId);
    await putSettings(b, { time_zone: 'America/New_York' });
    expect((await getSettings(a)).body).toEqual({ time_zone: 'Asia/Kolkata' });
    expect((await getSettings(b)).body).toEqual({ time_zone: 'America/New_York' });
    expect((await zoneEvents(a)).map((e) => e.data)).toEqual([
      { tenantId: a.tenantId, timeZone: 'Asia/Kolkata' },
    ]);
    expect((await zoneEvents(b)).map((e) => e.data)).toEqual([
      { tenantId: b.tenantId, timeZone: 'America/New_York' },
    ]);
  });

  it('refuses a tenant more zone changes than the hourly limit with 429, appending nothing', async () => {
    const tenant = await ctx.newTenant();
    const other = await ctx.newTenant();
    const zones = ['Asia/Kolkata', 'Europe/Berlin'];
    for (let change = 0; change < 20; change += 1) {
      const put = await putSettings(tenant, { time_zone: zones[change % 2] });
      expect([change, put.status]).toEqual([change, 200]);
    }
    const refused = await putSettings(tenant, { time_zone: 'Asia/Kathmandu' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.detail).toBe('At most 20 time zone changes per hour; retry later');
    expect(await zoneEvents(tenant)).toHaveLength(20);
    // Saving the zone it has is no change: still answered.
    const same = await putSettings(tenant, { time_zone: 'Europe/Berlin' });
    expect([same.status, same.body]).toEqual([200, { time_zone: 'Europe/Berlin' }]);
    // Another tenant counts on its own.
    expect((await putSettings(other, { time_zone: 'Asia/Kathmandu' })).status).toBe(200);
  });
});
