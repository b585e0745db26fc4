import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { leakPatterns, startSecurityApp, type SecurityApp } from './support/securityApp.js';
import { rawRequest, type RawResponse } from './support/rawRequest.js';
import { parseIfMatch } from '../../src/http/ifMatch.js';

// Hostile input on every endpoint: whatever arrives, the answer is a 4xx
// problem document (the token endpoint: its RFC 6749 error object), never a
// 5xx or a leaked internal, and nothing is written.

const runs = { numRuns: 40, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) };

const sqlFragments = [
  "'",
  '"',
  ';',
  '--',
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '\\',
  '%00',
  '\u0000',
  '$1',
  '/*',
  ')',
  'pg_sleep(5)',
  'UNION SELECT * FROM client_credentials',
];
const badPercent = ['%', '%z', '%zz', '%E0%A4%A', '%C3%28', '%FF%FE', '%ED%A0%80', '%%', '%u0041'];

/** Text that is never a valid value of any parameter: it always carries a metacharacter. */
const hostileText = fc
  .tuple(
    fc.string({ maxLength: 40, unit: 'binary' }),
    fc.constantFrom(...sqlFragments, ...badPercent),
  )
  .map(([text, fragment]) => `${text}${fragment}`);

/** A path segment or query part: percent-encoded hostile text, or raw broken escapes. */
const hostileComponent = fc
  .oneof(
    hostileText.map((text) => encodeURIComponent(text)),
    fc.constantFrom(...badPercent),
    hostileText.map(
      (text) => `${encodeURIComponent(text)}${badPercent[text.length % badPercent.length]}`,
    ),
    // Latin-1 bytes straight on the wire: invalid UTF-8 in the request line.
    fc
      .uint8Array({ minLength: 1, maxLength: 20 })
      .map((bytes) =>
        Buffer.from(bytes.map((b) => (b < 0x80 ? 0x80 + (b % 0x7f) : b))).toString('latin1'),
      ),
    fc.constantFrom('..', '.', '%2e%2e', '%2F', 'a'.repeat(4000)),
  )
  .filter((component) => component.length > 0);

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'days',
          'agent_id',
          'limit',
          'cursor',
          'status',
          'type',
          'from',
          'to',
          'format',
        ),
        fc.constantFrom('tenant_id', '__proto__', 'constructor', 'days[]', 'limit[$gt]'),
        hostileComponent,
      ),
      fc.option(hostileComponent, { nil: undefined }),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join('&'));

const protectedGets = [
  '/api/analytics/tokens',
  '/api/analytics/tokens/comparison',
  '/api/analytics/agents/activity',
  '/api/analytics/agents',
  '/api/analytics/agents/comparison',
  '/api/analytics/failures',
  '/api/analytics/agents/failures',
  '/api/analytics/scopes',
  '/api/analytics/agents/tokens',
  '/api/analytics/anomalies',
  '/api/agents',
  '/api/audit/events',
  '/api/webhooks',
  '/api/tenant/settings',
];

function isProblem(response: RawResponse): boolean {
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    return false;
  }
  const body = JSON.parse(response.text) as { status?: number; title?: string };
  return body.status === response.status && typeof body.title === 'string';
}

function isOAuthError(response: RawResponse): boolean {
  if (!String(response.headers['content-type']).startsWith('application/json')) return false;
  const body = JSON.parse(response.text) as { error?: string };
  return (
    [
      'invalid_request',
      'invalid_client',
      'unsupported_grant_type',
      'invalid_scope',
      'unauthorized_client',
      'slow_down',
    ].includes(body.error ?? '') &&
    typeof (body as { error_description?: unknown }).error_description === 'string'
  );
}

// An error may name the caller's own unknown key ("pg"): a body is generated
// without the words the leak check looks for, so only the server's text can hold them.
function quotesNoLeakWord(body: string): boolean {
  return !leakPatterns.some((pattern) => pattern.test(body));
}

function expectNoLeak(response: RawResponse): void {
  for (const pattern of leakPatterns) expect(response.text).not.toMatch(pattern);
}

/** A 4xx problem document without internals. */
function expectRefusal(response: RawResponse, statuses?: number[]): void {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  if (statuses) expect(statuses).toContain(response.status);
  expect(isProblem(response)).toBe(true);
  expectNoLeak(response);
}

/** The token endpoint answers every refusal in RFC 6749 form, 413/415/429 included. */
function expectTokenRefusal(response: RawResponse): void {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(isOAuthError(response)).toBe(true);
  expect(response.headers['cache-control']).toBe('no-store');
  expectNoLeak(response);
}

describe('hostile input on every endpoint', () => {
  let api: SecurityApp;
  let before: { events: number; credentials: number };
  let auth: { authorization: string };

  beforeAll(async () => {
    api = await startSecurityApp({ FAILED_AUTH_LIMIT_PER_MINUTE: '1000000' });
    auth = { authorization: `Bearer ${api.tenant.adminToken}` };
    before = await api.writtenRows();
  });
  afterAll(async () => {
    // Every property below must leave the tables exactly as they were.
    expect(await api.writtenRows()).toEqual(before);
    await api.close();
  });

  const send = (method: string, path: string, headers = {}, body?: Buffer | string) =>
    rawRequest(api.url, { method, path, headers, ...(body !== undefined ? { body } : {}) });

  it('refuses hostile query strings on every query endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...protectedGets), queryString, async (path, query) => {
        const response = await send('GET', `${path}?${query}`, auth);
        expectRefusal(response, [400]);
      }),
      runs,
    );
  });

  it('answers hostile Accept headers on every query endpoint with a format or a 406', async () => {
    const printable = fc.string({
      maxLength: 120,
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    const accept = fc.oneof(
      printable,
      fc.constantFrom('text/csv;q=abc', '*/*;q=0', 'text/*', 'application/*;q=0.1, text/csv;q=2'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...protectedGets), accept, async (path, value) => {
        const response = await send('GET', path, { ...auth, accept: value });
        if (response.status === 200) {
          expect(String(response.headers['content-type'])).toMatch(
            /^(application\/json|text\/csv|application\/x-ndjson)/,
          );
        } else {
          // One agent's trend cannot answer without agent_id: 400 once the format is settled.
          expectRefusal(response, path === '/api/analytics/agents/tokens' ? [400, 406] : [406]);
        }
      }),
      runs,
    );
  });

  it('refuses hostile agent ids on reads and commands', async () => {
    const routes: [string, (id: string) => string][] = [
      ['GET', (id) => `/api/agents/${id}`],
      ['PATCH', (id) => `/api/agents/${id}`],
      ['DELETE', (id) => `/api/agents/${id}`],
      ['POST', (id) => `/api/agents/${id}/deactivate`],
      ['POST', (id) => `/api/agents/${id}/rotate-secret`],
      ['PUT', (id) => `/api/agents/${id}/quota`],
      ['DELETE', (id) => `/api/agents/${id}/quota`],
      ['GET', (id) => `/api/analytics/agents/activity?agent_id=${id}`],
      ['GET', (id) => `/api/audit/events?agent_id=${id}`],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostileComponent, async ([method, path], id) => {
        const body =
          method === 'PATCH'
            ? '{"name":"renamed"}'
            : method === 'PUT'
              ? '{"limit":5,"period":"day","mode":"enforce"}'
              : undefined;
        const headers = body ? { ...auth, 'content-type': 'application/json' } : auth;
        const response = await send(method, path(id), headers, body);
        expectRefusal(response, [400, 404]);
      }),
      runs,
    );
  });

  it('refuses hostile subscription ids and bodies on the webhook endpoints', async () => {
    const routes: [string, (id: string) => string][] = [
      ['DELETE', (id) => `/api/webhooks/${id}`],
      ['POST', (id) => `/api/webhooks/${id}/test`],
      ['GET', (id) => `/api/webhooks/${id}/deliveries`],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostileComponent, async ([method, path], id) => {
        expectRefusal(await send(method, path(id), auth), [400, 404]);
      }),
      runs,
    );
    const bodies = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .record({
          url: fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('http://169.254.169.254/')),
          events: fc.array(fc.string(), { maxLength: 4 }),
        })
        .map((body) => JSON.stringify(body)),
      fc.constantFrom('{"url": "x"', '{"url":"http://127.0.0.1/","events":["quota.threshold"]}'),
      // A public host (an address: no DNS) with text a URL or a text column cannot hold, or credentials.
      fc
        .constantFrom(
          'https://93.184.216.34/a\u0000b',
          'https://93.184.216.34/a\u0007b',
          'https://93.184.216.34/a\ud800b',
          'https://93.184.216.34/a\udc00',
          'https://user:pass@93.184.216.34/x',
          'https://user@93.184.216.34/x',
        )
        .map((url) => JSON.stringify({ url, events: ['quota.threshold'] })),
    );
    await fc.assert(
      fc.asyncProperty(bodies.filter(quotesNoLeakWord), async (body) => {
        const headers = { ...auth, 'content-type': 'application/json' };
        expectRefusal(await send('POST', '/api/webhooks', headers, body), [400]);
      }),
      runs,
    );
  });

  it('refuses hostile bodies on the agent and tenant settings commands', async () => {
    const target = () => api.agent.agentId;
    const commands: [string, () => string][] = [
      ['POST', () => '/api/agents'],
      ['PATCH', () => `/api/agents/${target()}`],
      ['POST', () => `/api/agents/${target()}/deactivate`],
      ['POST', () => `/api/agents/${target()}/rotate-secret`],
      ['PUT', () => `/api/agents/${target()}/quota`],
      ['PUT', () => '/api/tenant/settings'],
    ];
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16le',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      ';;;',
      'application/json; charset="',
    );
    const knownKeys = new Set(['name', 'description', 'scopes', 'reason']);
    // Shapes no command accepts: an unknown key beside anything, or not an object.
    const invalidJson = fc.oneof(
      fc
        .tuple(
          fc.dictionary(fc.constantFrom('name', 'description', 'scopes', 'reason'), fc.jsonValue()),
          fc.string({ minLength: 1 }).filter((key) => !knownKeys.has(key)),
          fc.jsonValue(),
        )
        .map(([known, key, value]) => JSON.stringify({ ...known, [key]: value })),
      fc
        .jsonValue()
        .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
        .filter((v) => v !== null)
        .map((v) => JSON.stringify(v)),
      fc.constantFrom(
        '{"name": "x"',
        '{"name": "x",}',
        "{'name': 'x'}",
        'NaN',
        '{"__proto__": {"admin": true}}',
      ),
    );
    const body = fc.oneof(
      invalidJson.map((text) => Buffer.from(text)),
      fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      // A valid body made invalid UTF-8 by one stray byte.
      fc
        .constantFrom(0x80, 0xc3, 0xe0, 0xed, 0xf8, 0xfe, 0xff)
        .map((byte) =>
          Buffer.concat([Buffer.from('{"name":"ab'), Buffer.from([byte]), Buffer.from('"}')]),
        ),
      fc
        .integer({ min: 100, max: 5_000 })
        .map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
      fc
        .integer({ min: 100, max: 5_000 })
        .map((depth) => Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
      fc.constantFrom(70_000, 200_000).map((size) => Buffer.from(`{"name":"${'x'.repeat(size)}"}`)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...commands),
        contentType,
        body,
        fc.constantFrom<Record<string, string>>(
          {},
          { 'content-encoding': 'gzip' },
          { 'content-encoding': 'br' },
        ),
        async ([method, path], type, bytes, extra) => {
          const response = await send(
            method,
            path(),
            { ...auth, 'content-type': type, ...extra },
            bytes,
          );
          expectRefusal(response, [400, 413, 415]);
        },
      ),
      runs,
    );
  });

  it('refuses hostile token, revocation and introspection requests in the OAuth error form', async () => {
    const param = fc.oneof(
      fc.constantFrom(
        'grant_type',
        'client_id',
        'client_secret',
        'scope',
        'token',
        'token_type_hint',
      ),
      hostileComponent,
    );
    const value = fc.oneof(
      hostileComponent,
      fc.constantFrom('client_credentials', 'password', 'agt_0123456789abcdef0123', 'adm_xyz'),
    );
    const form = fc
      .array(fc.tuple(param, value), { maxLength: 6 })
      .map((pairs) => Buffer.from(pairs.map(([k, v]) => `${k}=${v}`).join('&'), 'latin1'));
    const authorization = fc.option(
      fc.oneof(
        fc.string({ maxLength: 60 }).map((text) => `Basic ${Buffer.from(text).toString('base64')}`),
        fc.constantFrom(
          'Basic',
          'Basic !!!',
          'Basic Og==',
          'Basic JQ==',
          'Bearer x.y.z',
          'Digest x',
        ),
        fc.string({
          maxLength: 60,
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        }),
      ),
      { nil: undefined },
    );
    const contentType = fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-16',
      'application/json',
      'text/plain',
      undefined,
    );
    const body = fc.oneof(
      form,
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc.constant(Buffer.from(`grant_type=client_credentials&scope=${'a '.repeat(40_000)}`)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/oauth2/token', '/oauth2/revoke', '/oauth2/introspect'),
        authorization,
        contentType,
        body,
        async (path, authHeader, type, bytes) => {
          const headers: Record<string, string> = {};
          if (authHeader !== undefined) headers.authorization = authHeader;
          if (type !== undefined) headers['content-type'] = type;
          const response = await send('POST', path, headers, bytes);
          expectTokenRefusal(response);
        },
      ),
      runs,
    );
  });

  it('refuses hostile credentials and headers on every protected endpoint', async () => {
    const endpoints: [string, string][] = [
      ...protectedGets.map((path): [string, string] => ['GET', path]),
      ['GET', '/api/agents/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/agents'],
      ['PATCH', '/api/agents/00000000-0000-4000-8000-000000000000'],
      ['DELETE', '/api/agents/00000000-0000-4000-8000-000000000000'],
      ['PUT', '/api/agents/00000000-0000-4000-8000-000000000000/quota'],
      ['DELETE', '/api/agents/00000000-0000-4000-8000-000000000000/quota'],
      ['PUT', '/api/tenant/settings'],
      ['POST', '/api/session/revoke'],
    ];
    const printable = fc.string({
      maxLength: 200,
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    const authorization = fc.oneof(
      printable,
      printable.map((text) => `Bearer ${text}`),
      fc.constantFrom('Bearer', 'Bearer a.b.c', 'Bearer ..', `Bearer ${'a'.repeat(8000)}.b.c`),
      fc
        .tuple(fc.jsonValue(), fc.jsonValue())
        .map(
          ([header, claims]) =>
            `Bearer ${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
        ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        authorization,
        printable,
        printable,
        async ([method, path], authHeader, requestId, ifMatch) => {
          const response = await send(
            method,
            path,
            {
              authorization: authHeader,
              'x-request-id': requestId,
              'if-match': ifMatch,
              'x-forwarded-for': requestId,
              'content-type': 'application/json',
            },
            method === 'GET' || method === 'DELETE' ? undefined : '{"name":"x"}',
          );
          expectRefusal(response, [401]);
          expect(response.headers['www-authenticate']).toMatch(/^Bearer( error="invalid_token")?$/);
        },
      ),
      runs,
    );
  });

  it('refuses hostile reporting time zones, naming time_zone', async () => {
    const zone = fc.oneof(
      hostileText,
      fc.string({ maxLength: 80 }).map((text) => `Europe/${text}\u0000`),
      fc.constantFrom('../../etc/passwd', 'Etc/GMT+5 ', ' UTC', 'UTC\n', 'Europe/Berlin/'),
      fc.jsonValue().filter((value) => typeof value !== 'string'),
    );
    await fc.assert(
      fc.asyncProperty(zone, async (value) => {
        const response = await send(
          'PUT',
          '/api/tenant/settings',
          { ...auth, 'content-type': 'application/json' },
          JSON.stringify({ time_zone: value }),
        );
        expectRefusal(response, [400]);
        const fieldsNamed = (JSON.parse(response.text) as { errors: { field: string }[] }).errors;
        expect(fieldsNamed.map((error) => error.field)).toContain('time_zone');
      }),
      runs,
    );
  });

  it('refuses hostile If-Match and request ids even with a valid token', async () => {
    const printable = fc.string({
      minLength: 1,
      maxLength: 100,
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    const commands: [string, () => string, string][] = [
      ['PATCH', () => `/api/agents/${api.agent.agentId}`, '{"name":"renamed"}'],
      ['PUT', () => '/api/tenant/settings', '{"time_zone":"Asia/Kolkata"}'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...commands),
        printable.filter((v) => parseIfMatch(v) === undefined),
        printable,
        async ([method, path, body], ifMatch, requestId) => {
          const response = await send(
            method,
            path(),
            {
              ...auth,
              'if-match': ifMatch,
              'x-request-id': requestId,
              'content-type': 'application/json',
            },
            body,
          );
          expectRefusal(response, [400]);
          const problem = JSON.parse(response.text) as {
            request_id: string;
            errors: { field: string }[];
          };
          expect(problem.request_id).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
          expect(problem.errors.map((error) => error.field)).toEqual(['If-Match']);
        },
      ),
      runs,
    );
  });

  it('answers unknown routes and methods with problems', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.array(hostileComponent, { minLength: 1, maxLength: 3 }),
        async (method, segments) => {
          const response = await send(method, `/${segments.join('/')}`, auth);
          if (method === 'OPTIONS' && response.status < 300) return;
          expectRefusal(response, [400, 404, 405]);
        },
      ),
      runs,
    );
  });

  it('refuses NUL, unpaired surrogates, controls and invisible names in every free-text field', async () => {
    const fields: [string, () => string, string][] = [
      ['POST', () => '/api/agents', 'name'],
      ['POST', () => '/api/agents', 'description'],
      ['PATCH', () => `/api/agents/${api.agent.agentId}`, 'name'],
      ['PATCH', () => `/api/agents/${api.agent.agentId}`, 'description'],
      ['POST', () => `/api/agents/${api.agent.agentId}/deactivate`, 'reason'],
    ];
    const bad = fc.constantFrom(
      '\u0000',
      '\ud800',
      '\udfff',
      '\ud83d',
      '\u0007',
      '\u001b',
      '\u007f',
    );
    const text = fc.string({ maxLength: 30 });
    // Text with one unacceptable character somewhere in it.
    const poisoned = fc.tuple(text, bad, text).map(([a, b, c]) => `${a}${b}${c}`);
    // Names made only of characters that show nothing.
    const invisible = fc
      .array(fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', ' ', '\u3164'), {
        minLength: 1,
        maxLength: 10,
      })
      .map((chars) => chars.join(''));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields),
        fc.oneof(poisoned, invisible),
        async ([method, path, field], value) => {
          const isName = field === 'name';
          fc.pre(isName || !/^[\s\u200b-\u200d\u2060\ufeff\u3164]*$/.test(value));
          const body =
            field === 'description' ? { name: 'ok', description: value } : { [field]: value };
          const response = await send(
            method,
            path(),
            { ...auth, 'content-type': 'application/json' },
            JSON.stringify(method === 'PATCH' ? { [field]: value } : body),
          );
          expectRefusal(response, [400]);
          const fieldsNamed = (JSON.parse(response.text) as { errors: { field: string }[] }).errors;
          expect(fieldsNamed.map((error) => error.field)).toContain(field);
        },
      ),
      runs,
    );
  });

  it('refuses names that disguise themselves, keeping the joiners scripts and emoji need', async () => {
    const disguised = [
      'pay\u202Eroll', // right-to-left override
      'a\u2066b\u2069', // isolates
      'a\u202Ab', // embedding
      'ad\u200Bmin', // zero-width space
      'a\u2060b', // word joiner
      'one\u2028two', // line separator
      'one\u2029two', // paragraph separator
    ];
    for (const [method, path] of [
      ['POST', '/api/agents'],
      ['PATCH', `/api/agents/${api.agent.agentId}`],
    ] as const) {
      for (const name of disguised) {
        const response = await send(
          method,
          path,
          { ...auth, 'content-type': 'application/json' },
          JSON.stringify({ name }),
        );
        expectRefusal(response, [400]);
        const named = (JSON.parse(response.text) as { errors: { field: string }[] }).errors;
        expect(named.map((error) => error.field)).toEqual(['name']);
      }
    }
    // A Persian name with a zero-width non-joiner and an emoji sequence with joiners.
    for (const name of [
      '\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645',
      'bot \u{1F468}\u200D\u{1F4BB}',
    ]) {
      const created = await send(
        'POST',
        '/api/agents',
        { ...auth, 'content-type': 'application/json' },
        JSON.stringify({ name }),
      );
      expect(created.status).toBe(201);
      expect(JSON.parse(created.text)).toMatchObject({ name });
    }
  });

  it('refuses a repeated Authorization header instead of reading either one', async () => {
    const twice = [auth.authorization, auth.authorization];
    for (const [method, path] of [
      ['GET', '/api/agents'],
      ['GET', '/api/analytics/tokens'],
      ['POST', '/api/agents'],
    ] as const) {
      const response = await send(
        method,
        path,
        { authorization: twice, 'content-type': 'application/json' },
        method === 'POST' ? JSON.stringify({ name: 'never written' }) : undefined,
      );
      expectRefusal(response, [400]);
      const named = (JSON.parse(response.text) as { errors: { field: string }[] }).errors;
      expect(named.map((error) => error.field)).toEqual(['Authorization']);
    }
    const basic = `Basic ${Buffer.from(`${api.agent.clientId}:${api.agent.clientSecret}`).toString('base64')}`;
    const token = await send(
      'POST',
      '/oauth2/token',
      { authorization: [basic, basic], 'content-type': 'application/x-www-form-urlencoded' },
      'grant_type=client_credentials',
    );
    expectTokenRefusal(token);
    expect(token.status).toBe(400);
    expect(JSON.parse(token.text)).toMatchObject({ error: 'invalid_request' });
  });

  it('stores SQL metacharacters in names verbatim and never as SQL', async () => {
    const name = "Robert'); DROP TABLE events; -- ok";
    const created = await send(
      'POST',
      '/api/agents',
      { ...auth, 'content-type': 'application/json' },
      JSON.stringify({ name, description: "' OR 1=1 --" }),
    );
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text)).toMatchObject({ name, description: "' OR 1=1 --" });
    before = await api.writtenRows();
    expect(before.events).toBeGreaterThan(0);
  });
});
