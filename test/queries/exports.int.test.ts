import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { streamNames } from '../../src/events/streams.js';
import { flattenRecord } from '../../src/http/export/flattenRecord.js';
import { readModels } from '../../src/readModels/readModels.js';
import { appendAgentUpdate, appendTokenIssued, metadataFor } from './support/auditEvents.js';
import { createQueryTestContext, type QueryTestContext } from './support/queryTestContext.js';
import {
  insertAgent,
  insertDailyMetric,
  insertHourlyActivity,
  insertMonthlyTokens,
} from './support/readModelRows.js';

// Every analytics endpoint any read model declares, and the audit log, as
// CSV and NDJSON downloads: the same answer as the JSON, for the caller's
// tenant only, with spreadsheet formulas neutralised.
const now = '2026-03-15T10:30:00.000Z';
const acme = randomUUID();
const globex = randomUUID();
const endpoints = readModels.flatMap((model) => model.endpoints);
const analyticsPaths = endpoints.map((endpoint) => `/api/analytics${endpoint.path}`);
// Endpoints that cannot answer without an agent (one agent's trend) get one.
const needsAgent = new Set(
  endpoints
    .filter(
      (endpoint) => 'agent_id' in endpoint.query.shape && !endpoint.query.safeParse({}).success,
    )
    .map((endpoint) => `/api/analytics${endpoint.path}`),
);
const hostileNames = ['=HYPERLINK("http://x.test","y")', '-2+3', '@SUM(A1)', '+1', '\tx', '\rx'];
const globexMarker = 'globex-only-agent';

interface Download {
  status: number;
  type: string;
  disposition: string;
  text: string;
}

describe('CSV and NDJSON exports', () => {
  let ctx: QueryTestContext;
  let acmeToken: string;
  let globexToken: string;
  let acmeAgents: string[];
  let globexAgent: string;

  const get = (path: string, token = acmeToken) =>
    request(ctx.app.callback()).get(path).set('Authorization', `Bearer ${token}`);
  const download = async (
    path: string,
    options: { accept?: string; token?: string } = {},
  ): Promise<Download> => {
    let call = get(path, options.token)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    if (options.accept) call = call.set('Accept', options.accept);
    const response = await call;
    return {
      status: response.status,
      type: String(response.headers['content-type'] ?? ''),
      disposition: String(response.headers['content-disposition'] ?? ''),
      text: response.body as string,
    };
  };
  /** The path with what it needs: an agent where it takes one, the format when given. */
  const url = (path: string, format?: string, agentId = acmeAgents[0] ?? '') => {
    const params = [
      ...(needsAgent.has(path) ? [`agent_id=${agentId}`] : []),
      ...(format ? [`format=${format}`] : []),
    ];
    return params.length === 0 ? path : `${path}?${params.join('&')}`;
  };
  const csvRows = (text: string): string[][] => parse(text, { relax_column_count: false });
  const ndjsonRows = (text: string): unknown[] =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);

  beforeAll(async () => {
    ctx = await createQueryTestContext(now);
    acmeToken = await ctx.tokenFor(acme);
    globexToken = await ctx.tokenFor(globex);
    const pool = ctx.db.pool;
    acmeAgents = [];
    for (const name of ['alpha', ...hostileNames]) {
      acmeAgents.push(await insertAgent(pool, { tenantId: acme, name }));
    }
    globexAgent = await insertAgent(pool, { tenantId: globex, name: globexMarker });
    for (const [tenantId, scale] of [
      [acme, 1],
      [globex, 60606], // 7 x 60606 = 424242
    ] as const) {
      for (const [date, count] of [
        ['2026-03-15', 7],
        ['2026-03-01', 3],
        ['2026-02-10', 5], // the previous 30 days
        ['2026-01-20', 4], // before both
      ] as const) {
        await insertDailyMetric(pool, {
          tenantId,
          date,
          metric: 'token_issued',
          count: count * scale,
        });
      }
    }
    for (const [index, agentId] of acmeAgents.entries()) {
      await insertHourlyActivity(pool, {
        tenantId: acme,
        agentId,
        hour: `2026-03-1${index % 5}T0${index}:00:00Z`,
        count: index + 1,
      });
      await insertMonthlyTokens(pool, {
        tenantId: acme,
        agentId,
        month: '2026-03-01',
        count: index + 1,
      });
      await insertMonthlyTokens(pool, {
        tenantId: acme,
        agentId,
        month: '2026-02-01',
        count: 10 * index,
      });
    }
    await insertHourlyActivity(pool, {
      tenantId: globex,
      agentId: globexAgent,
      hour: '2026-03-14T05:00:00Z',
      count: 424242,
    });
    await insertMonthlyTokens(pool, {
      tenantId: globex,
      agentId: globexAgent,
      month: '2026-03-01',
      count: 424242,
    });
    await insertMonthlyTokens(pool, {
      tenantId: globex,
      agentId: globexAgent,
      month: '2026-02-01',
      count: 424242,
    });
    for (const [tenantId, agentId, reason] of [
      [acme, acmeAgents[0], 'invalid_client'],
      [acme, acmeAgents[0], 'rate_limited'],
      [acme, acmeAgents[1], 'invalid_scope'],
      [globex, globexAgent, 'invalid_client'],
    ] as const) {
      await pool.query(
        `INSERT INTO token_failures_daily (tenant_id, date, agent_id, reason, count, last_failure_at)
         VALUES ($1, '2026-03-14', $2, $3, 2, '2026-03-14T08:00:00Z')`,
        [tenantId, agentId, reason],
      );
    }
    for (let minute = 0; minute < 30; minute += 1) {
      const occurredAt = new Date(Date.UTC(2026, 2, 14, 9, minute)).toISOString();
      const agentId = acmeAgents[minute % acmeAgents.length] ?? '';
      if (minute % 3 === 0)
        await appendTokenIssued(ctx.store, { tenantId: acme, agentId, occurredAt });
      else
        await appendAgentUpdate(ctx.store, {
          tenantId: acme,
          agentId,
          name: hostileNames[minute % hostileNames.length] ?? 'x',
          occurredAt,
        });
      await appendAgentUpdate(ctx.store, {
        tenantId: globex,
        agentId: globexAgent,
        name: globexMarker,
        occurredAt,
      });
    }
    // A correlation id as a formula: metadata cells are neutralised too.
    await ctx.store.appendToStream(streamNames.agent(acme, acmeAgents[0] ?? ''), [
      {
        type: 'AgentUpdated',
        data: { tenantId: acme, agentId: acmeAgents[0], name: 'alpha' },
        metadata: { ...metadataFor(acme, '2026-03-14T09:45:00.000Z'), correlationId: '=1+1' },
      },
    ]);
  });
  afterAll(() => ctx.close());

  it.each(analyticsPaths)(
    '%s as CSV holds the JSON answer, one flattened row per entry',
    async (path) => {
      const json = await get(url(path));
      expect(json.status).toBe(200);
      const entries = (Array.isArray(json.body) ? json.body : [json.body]) as unknown[];
      // Read models this file seeds nothing for (anomalies) answer empty: a header only.
      const csv = await download(url(path, 'csv'));
      expect(csv.status).toBe(200);
      expect(csv.type).toBe('text/csv; charset=utf-8');
      const view = path.replace('/api/analytics/', 'analytics-').replaceAll('/', '-');
      expect(csv.disposition).toMatch(
        new RegExp(
          `^attachment; filename="${view}_\\d{4}-\\d{2}-\\d{2}(_\\d{4}-\\d{2}-\\d{2})?\\.csv"$`,
        ),
      );
      const [header = [], ...rows] = csvRows(csv.text);
      expect(rows).toHaveLength(entries.length);
      rows.forEach((row, index) => {
        const flat = flattenRecord(entries[index]);
        for (const [column, value] of Object.entries(flat)) {
          const cell = row[header.indexOf(column)];
          const text = value === null ? '' : String(value);
          expect([column, cell]).toEqual([column, /^[=+\-@\t\r]/.test(text) ? `'${text}` : text]);
        }
      });
    },
  );

  it.each(analyticsPaths)(
    '%s as NDJSON holds the JSON answer, one document per line',
    async (path) => {
      const json = await get(url(path));
      const ndjson = await download(url(path, 'ndjson'));
      expect(ndjson.status).toBe(200);
      expect(ndjson.type).toBe('application/x-ndjson');
      expect(ndjson.disposition).toMatch(
        /^attachment; filename="analytics-[a-z-]+_[\d_-]+\.ndjson"$/,
      );
      expect(ndjson.text === '' || ndjson.text.endsWith('\n')).toBe(true);
      expect(ndjsonRows(ndjson.text)).toEqual(Array.isArray(json.body) ? json.body : [json.body]);
    },
  );

  it('names the view and its days in the file name, never the tenant', async () => {
    const trend = await download('/api/analytics/tokens?days=7&format=csv');
    expect(trend.disposition).toBe(
      'attachment; filename="analytics-tokens_2026-03-09_2026-03-15.csv"',
    );
    const usage = await download('/api/analytics/agents?format=ndjson');
    expect(usage.disposition).toBe(
      'attachment; filename="analytics-agents_2026-03-01_2026-03-15.ndjson"',
    );
    const audit = await download(
      '/api/audit/events?format=csv&from=2026-03-14T00:00:00Z&to=2026-03-15T00:00:00Z',
    );
    expect(audit.disposition).toBe('attachment; filename="audit-events_2026-03-14_2026-03-14.csv"');
  });

  it('flattens nested counts into dotted columns', async () => {
    const csv = await download('/api/analytics/agents/failures?format=csv');
    const [header, ...rows] = csvRows(csv.text);
    expect(header).toEqual([
      'agent_id',
      'name',
      'failures',
      'last_failure_at',
      'by_reason.invalid_client',
      'by_reason.rate_limited',
      'by_reason.invalid_scope',
    ]);
    expect(rows).toHaveLength(2);
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const csv = await download('/api/analytics/agents?format=csv');
    const names = csvRows(csv.text)
      .slice(1)
      .map((row) => row[1]);
    for (const name of hostileNames) expect(names).toContain(`'${name}`);
    expect(names).toContain('alpha');
    // The raw text: no line begins a cell with a formula character unescaped.
    expect(csv.text).not.toMatch(/(^|,)"?[=+@]/m);

    const audit = csvRows((await download('/api/audit/events?format=csv')).text);
    const header = audit[0] ?? [];
    const correlation = audit.map((row) => row[header.indexOf('metadata.correlation_id')]);
    expect(correlation).toContain("'=1+1");
  });

  it('gives an optional nested object (a quota) dotted columns only, never a column of its own', async () => {
    const header = csvRows((await download('/api/analytics/agents?format=csv')).text)[0];
    expect(header).toEqual(['agent_id', 'name', 'token_count']);
  });

  it('an empty answer is still a CSV with its header', async () => {
    const empty = await ctx.tokenFor(randomUUID());
    const csv = await download('/api/analytics/failures?format=csv', { token: empty });
    expect(csv.status).toBe(200);
    expect(csvRows(csv.text)).toEqual([['date', 'reason', 'count']]);
  });

  describe('the audit log', () => {
    const allJsonPages = async (query: string): Promise<Record<string, unknown>[]> => {
      const items: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      do {
        const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page = await get(`/api/audit/events?limit=7${query}${suffix}`);
        expect(page.status).toBe(200);
        items.push(...(page.body.items as Record<string, unknown>[]));
        cursor = page.body.next_cursor as string | null;
      } while (cursor);
      return items;
    };

    it.each([
      ['', ''],
      ['agent', `&agent_id=${'AGENT'}`],
      ['type', '&type=TokenIssued'],
      ['window', '&from=2026-03-14T09:10:00Z&to=2026-03-14T09:20:00Z'],
    ])('streams every event of the JSON pages (%s filter), newest first', async (_name, raw) => {
      const filter = raw.replace('AGENT', acmeAgents[1] ?? '');
      const pages = await allJsonPages(filter);
      expect(pages.length).toBeGreaterThan(0);
      const ndjson = await download(`/api/audit/events?format=ndjson${filter}`);
      expect(ndjson.status).toBe(200);
      expect(ndjsonRows(ndjson.text)).toEqual(pages);
      const csv = csvRows((await download(`/api/audit/events?format=csv${filter}`)).text);
      expect(csv[0]).toEqual([
        'id',
        'type',
        'stream',
        'position',
        'occurred_at',
        'actor.type',
        'actor.id',
        'metadata.correlation_id',
        'metadata.causation_id',
        'metadata.schema_version',
        'metadata.recorded_at',
        'data',
      ]);
      expect(csv.slice(1).map((row) => row[0])).toEqual(pages.map((item) => item.id));
      expect(csv.slice(1).map((row) => JSON.parse(row[11] ?? '') as unknown)).toEqual(
        pages.map((item) => item.data),
      );
    });

    it('refuses a range longer than the export maximum, naming from', async () => {
      const response = await get(
        '/api/audit/events?format=csv&from=2025-12-01T00:00:00Z&to=2026-03-15T00:00:00Z',
      );
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors).toEqual([
        { field: 'from', message: expect.stringContaining('92 days') },
      ]);
      const fromOnly = await get('/api/audit/events?format=ndjson&from=2025-12-01T00:00:00Z');
      expect(fromOnly.status).toBe(400);
      // The JSON listing has no such limit: it pages.
      expect((await get('/api/audit/events?from=2025-12-01T00:00:00Z')).status).toBe(200);
    });

    it('refuses a range that ends before it starts, also when to is now, and instants before 1970', async () => {
      const future = await get('/api/audit/events?format=csv&from=9999-12-31T23:59:59.999Z');
      expect(future.status).toBe(400);
      expect(future.body.errors).toEqual([
        { field: 'from', message: 'must be before to, which is now when not given' },
      ]);
      const ancient = await get('/api/audit/events?format=csv&to=0000-01-01T00:00:00Z');
      expect(ancient.status).toBe(400);
      expect(ancient.body.errors).toEqual([
        { field: 'to', message: 'must be 1970-01-01T00:00:00Z or later' },
      ]);
    });

    it('without from, covers the longest range ending at to', async () => {
      await appendAgentUpdate(ctx.store, {
        tenantId: acme,
        agentId: acmeAgents[0] ?? '',
        name: 'long ago',
        occurredAt: '2025-11-01T00:00:00.000Z',
      });
      const ndjson = await download('/api/audit/events?format=ndjson');
      const names = ndjsonRows(ndjson.text).map(
        (item) => (item as { data: { name?: string } }).data.name,
      );
      expect(names).not.toContain('long ago');
      expect(ndjson.disposition).toBe(
        'attachment; filename="audit-events_2025-12-13_2026-03-15.ndjson"',
      );
      const json = await get('/api/audit/events?limit=500');
      expect(json.body.items.map((item: { data: { name?: string } }) => item.data.name)).toContain(
        'long ago',
      );
    });
  });

  describe('tenant isolation', () => {
    it.each([...analyticsPaths, '/api/audit/events'])(
      '%s exports only the caller’s tenant',
      async (path) => {
        for (const format of ['csv', 'ndjson']) {
          const file = await download(url(path, format));
          expect(file.status).toBe(200);
          expect(file.text).not.toContain(globex);
          expect(file.text).not.toContain(globexAgent);
          expect(file.text).not.toContain(globexMarker);
          expect(file.text).not.toContain('424242');
          expect(file.disposition).not.toContain(acme);
        }
        const theirs = await download(url(path, 'csv', globexAgent), { token: globexToken });
        expect(theirs.text).not.toContain(acme);
        for (const agentId of acmeAgents) expect(theirs.text).not.toContain(agentId);
      },
    );

    it('a cursor of another tenant is refused in an export, naming cursor', async () => {
      const page = await get('/api/audit/events?limit=1', globexToken);
      const cursor = encodeURIComponent(page.body.next_cursor as string);
      const response = await get(`/api/audit/events?format=csv&cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    });

    it('needs a tenant admin token like the JSON answer', async () => {
      const anonymous = await request(ctx.app.callback()).get('/api/analytics/tokens?format=csv');
      expect(anonymous.status).toBe(401);
      const agentToken = await ctx.tokenFor(acme, []);
      expect((await get('/api/audit/events?format=csv', agentToken)).status).toBe(403);
    });
  });

  describe('choosing the format', () => {
    it('answers Accept: text/csv and application/x-ndjson', async () => {
      const csv = await download('/api/analytics/tokens?days=7', { accept: 'text/csv' });
      expect(csv.type).toBe('text/csv; charset=utf-8');
      const ndjson = await download('/api/audit/events', { accept: 'application/x-ndjson' });
      expect(ndjson.type).toBe('application/x-ndjson');
      const preferred = await download('/api/analytics/tokens', {
        accept: 'application/json;q=0.5, text/csv',
      });
      expect(preferred.type).toBe('text/csv; charset=utf-8');
      const json = await get('/api/analytics/tokens').set('Accept', 'text/html, */*;q=0.8');
      expect(json.type).toBe('application/json');
      expect(json.headers['content-disposition']).toBeUndefined();
      expect(json.headers.vary).toContain('Accept');
    });

    it('format= wins over Accept', async () => {
      const ndjson = await download('/api/analytics/tokens?format=ndjson', { accept: 'text/csv' });
      expect(ndjson.type).toBe('application/x-ndjson');
      const json = await get('/api/audit/events?format=json').set('Accept', 'text/csv');
      expect(json.type).toBe('application/json');
      expect(Array.isArray(json.body.items)).toBe(true);
    });

    it.each(['/api/analytics/tokens', '/api/analytics/agents', '/api/audit/events'])(
      '%s refuses an unknown format naming format',
      async (path) => {
        for (const query of ['format=xml', 'format=CSV', 'format=csv&format=ndjson', 'format=']) {
          const response = await get(`${path}?${query}`);
          expect([query, response.status]).toEqual([query, 400]);
          expect(response.headers['content-type']).toContain('application/problem+json');
          expect(response.body.errors).toEqual([{ field: 'format', message: expect.any(String) }]);
        }
        const unacceptable = await get(path).set('Accept', 'application/xml');
        expect(unacceptable.status).toBe(406);
        expect(unacceptable.headers['content-type']).toContain('application/problem+json');
        expect(unacceptable.body.errors).toEqual([
          { field: 'format', message: expect.any(String) },
        ]);
      },
    );

    it('checks the other parameters as for JSON', async () => {
      const days = await get('/api/analytics/tokens?days=91&format=csv');
      expect(days.status).toBe(400);
      expect(days.body.errors).toEqual([{ field: 'days', message: expect.any(String) }]);
      const unknown = await get('/api/audit/events?format=csv&tenant_id=x');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([{ field: 'tenant_id', message: expect.any(String) }]);
    });
  });

  describe('the previous period', () => {
    it('/tokens/comparison puts each day beside the same day of the period before', async () => {
      const response = await get('/api/analytics/tokens/comparison?days=30');
      expect(response.status).toBe(200);
      const days = response.body as {
        date: string;
        count: number;
        previous_date: string;
        previous_count: number;
      }[];
      expect(days).toHaveLength(30);
      expect(days[0]).toEqual({
        date: '2026-02-14',
        count: 0,
        previous_date: '2026-01-15',
        previous_count: 0,
      });
      expect(days.at(-1)).toEqual({
        date: '2026-03-15',
        count: 7,
        previous_date: '2026-02-13',
        previous_count: 0,
      });
      expect(days.reduce((sum, day) => sum + day.count, 0)).toBe(10);
      expect(days.reduce((sum, day) => sum + day.previous_count, 0)).toBe(9);
      // The trend itself answers exactly as before.
      const trend = await get('/api/analytics/tokens?days=30');
      expect(trend.body).toEqual(days.map(({ date, count }) => ({ date, count })));
    });

    it('/agents/comparison lists last month beside this month, in the usage order', async () => {
      const usage = await get('/api/analytics/agents');
      const comparison = await get('/api/analytics/agents/comparison');
      expect(comparison.status).toBe(200);
      const core = (rows: Record<string, unknown>[]) =>
        rows.map(({ agent_id, name, token_count }) => ({ agent_id, name, token_count }));
      expect(core(comparison.body)).toEqual(core(usage.body));
      const byAgent = new Map(
        (comparison.body as { agent_id: string; previous_month_count: number }[]).map((row) => [
          row.agent_id,
          row.previous_month_count,
        ]),
      );
      acmeAgents.forEach((agentId, index) => expect(byAgent.get(agentId)).toBe(10 * index));
    });
  });
});
