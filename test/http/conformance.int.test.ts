// HTTP semantics at the edges: methods the API does not serve, transfer
// codings, uuid case, and query strings on command routes.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNames } from '../../src/events/streams.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { allProjections } from '../../src/readModels/allProjections.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { rawRequest, type RawResponse } from '../security/support/rawRequest.js';
import { startSecurityApp, type SecurityApp } from '../security/support/securityApp.js';

function problem(response: RawResponse): Record<string, unknown> {
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return JSON.parse(response.text) as Record<string, unknown>;
}

/** Sends exactly these bytes (no client framing at all) and parses the one response. */
function onTheWire(baseUrl: string, head: string[], body: string): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write([...head, 'Host: test', 'Connection: close', '', body].join('\r\n'));
    });
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [headText = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...lines] = headText.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      let text = rest.join('\r\n\r\n');
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
        text = text.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '');
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text });
    });
  });
}

describe('HTTP conformance', () => {
  let app: SecurityApp;
  const auth = () => ({ authorization: `Bearer ${app.tenant.adminToken}` });
  /** Brings every read table up to the log, as the workers would. */
  async function project(): Promise<void> {
    const { pool, eventStore, logger } = app.ctx.runtime;
    for (const projection of allProjections) {
      await runProjection({ pool, eventStore, logger }, projection, {
        target: liveTarget(projection),
        batchSize: 1000,
        lockTimeoutMs: 5000,
      });
    }
  }
  beforeAll(async () => {
    app = await startSecurityApp();
  });
  afterAll(async () => {
    await app.close();
  });

  describe('methods', () => {
    it.each(['TRACE', 'PROPFIND', 'PUT', 'MKCOL', 'LOCK'])(
      '%s on a served path is 405 with Allow, as a problem document',
      async (method) => {
        for (const [path, allowed] of [
          ['/api/agents', ['GET', 'HEAD', 'POST']],
          ['/health/live', ['GET', 'HEAD']],
          [`/api/agents/${app.agent.agentId}`, ['DELETE', 'GET', 'HEAD', 'PATCH']],
        ] as const) {
          const response = await rawRequest(app.url, { method, path, headers: auth() });
          expect([path, response.status]).toEqual([path, 405]);
          const allow = String(response.headers.allow ?? '')
            .split(/,\s*/)
            .sort();
          expect(allow).toEqual(expect.arrayContaining([...allowed]));
          expect(allow).not.toContain(method);
          expect(problem(response)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
        }
      },
    );

    it('answers a method HTTP parsing does not know with 405 and Allow', async () => {
      const response = await onTheWire(app.url, ['FROBNICATE /api/agents HTTP/1.1'], '');
      expect(response.status).toBe(405);
      expect(String(response.headers.allow)).toMatch(/GET/);
      expect(problem(response)).toMatchObject({ status: 405 });
    });

    it('sends the security headers with what the parser refuses, an oversized header too', async () => {
      const oversized = await onTheWire(
        app.url,
        ['GET /api/agents HTTP/1.1', `X-Padding: ${'a'.repeat(20_000)}`],
        '',
      );
      const unknownMethod = await onTheWire(app.url, ['FROBNICATE /api/agents HTTP/1.1'], '');
      expect(oversized.status).toBe(431);
      for (const response of [oversized, unknownMethod]) {
        expect(response.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
          'cache-control': 'no-store',
        });
      }
    });

    it('keeps 404 for paths nothing serves, and OPTIONS lists the methods', async () => {
      const missing = await rawRequest(app.url, { method: 'TRACE', path: '/nowhere' });
      expect(missing.status).toBe(404);
      const options = await rawRequest(app.url, { method: 'OPTIONS', path: '/api/agents' });
      expect(options.status).toBe(200);
      expect(String(options.headers.allow).split(/,\s*/).sort()).toEqual(
        expect.arrayContaining(['GET', 'HEAD', 'POST']),
      );
    });
  });

  describe('transfer codings', () => {
    it.each(['gzip, chunked', 'deflate, chunked', 'compress, chunked', 'chunked, chunked'])(
      'refuses Transfer-Encoding: %s with a 4xx problem document and writes nothing',
      async (coding) => {
        const before = await app.writtenRows();
        const response = await onTheWire(
          app.url,
          [
            'POST /api/agents HTTP/1.1',
            `Authorization: Bearer ${app.tenant.adminToken}`,
            'Content-Type: application/json',
            `Transfer-Encoding: ${coding}`,
          ],
          '13\r\n{"name":"transfer"}\r\n0\r\n\r\n',
        );
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(problem(response).detail).toMatch(/Transfer-Encoding/);
        expect(await app.writtenRows()).toEqual(before);
      },
    );

    it('refuses Transfer-Encoding: gzip alone with a 4xx problem document', async () => {
      const response = await onTheWire(
        app.url,
        [
          'POST /api/agents HTTP/1.1',
          `Authorization: Bearer ${app.tenant.adminToken}`,
          'Content-Type: application/json',
          'Transfer-Encoding: gzip',
        ],
        '{"name":"x"}',
      );
      expect(response.status).toBe(400);
      expect(problem(response).detail).toMatch(/Transfer-Encoding/);
    });

    it('still accepts a chunked body', async () => {
      const body = '{"name":"chunked"}';
      const response = await onTheWire(
        app.url,
        [
          'POST /api/agents HTTP/1.1',
          `Authorization: Bearer ${app.tenant.adminToken}`,
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
        ],
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      );
      expect(response.status).toBe(201);
    });
  });

  describe('upper-case uuids', () => {
    it('name the same agent as lower-case ones on every endpoint', async () => {
      const upper = app.agent.agentId.toUpperCase();
      await project();
      const get = (path: string) => rawRequest(app.url, { method: 'GET', path, headers: auth() });
      const json = (path: string) =>
        get(path).then((response) => {
          expect([path, response.status]).toEqual([path, 200]);
          return JSON.parse(response.text) as Record<string, unknown>;
        });

      expect(await json(`/api/agents/${upper}`)).toEqual(
        await json(`/api/agents/${app.agent.agentId}`),
      );
      expect(await json(`/api/analytics/agents/activity?agent_id=${upper}`)).toEqual(
        await json(`/api/analytics/agents/activity?agent_id=${app.agent.agentId}`),
      );
      const auditUpper = await json(`/api/audit/events?agent_id=${upper}`);
      expect((auditUpper.items as unknown[]).length).toBeGreaterThan(0);
      expect(auditUpper).toEqual(await json(`/api/audit/events?agent_id=${app.agent.agentId}`));

      const patched = await rawRequest(app.url, {
        method: 'PATCH',
        path: `/api/agents/${upper}`,
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Renamed through upper case' }),
      });
      expect(patched.status).toBe(200);
      expect(JSON.parse(patched.text)).toMatchObject({
        agent_id: app.agent.agentId,
        name: 'Renamed through upper case',
      });
      const rotated = await rawRequest(app.url, {
        method: 'POST',
        path: `/api/agents/${upper}/rotate-secret`,
        headers: { ...auth(), 'content-type': 'application/json' },
        body: '{}',
      });
      expect(rotated.status).toBe(200);
      // Every event went to the agent's one stream, under its lower-case id.
      const streams = await app.ctx.runtime.pool.query<{ stream_name: string }>(
        'SELECT DISTINCT stream_name FROM events WHERE stream_name ILIKE $1',
        [`%${app.agent.agentId}%`],
      );
      expect(streams.rows.map((row) => row.stream_name).sort()).toEqual(
        [streamNames.agent(app.tenant.tenantId, app.agent.agentId)].sort(),
      );
    });

    it('deactivates through an upper-case id', async () => {
      const created = await rawRequest(app.url, {
        method: 'POST',
        path: '/api/agents',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'To deactivate' }),
      });
      const agentId = (JSON.parse(created.text) as { agent_id: string }).agent_id;
      const deleted = await rawRequest(app.url, {
        method: 'DELETE',
        path: `/api/agents/${agentId.toUpperCase()}`,
        headers: auth(),
      });
      expect(deleted.status).toBe(204);
      await project();
      const after = await rawRequest(app.url, {
        method: 'GET',
        path: `/api/agents/${agentId}`,
        headers: auth(),
      });
      expect(JSON.parse(after.text)).toMatchObject({ status: 'deactivated' });
    });
  });

  describe('query strings on command routes', () => {
    it('are refused with 400 naming the parameter, and nothing is written', async () => {
      const id = app.agent.agentId;
      const requests = [
        { method: 'POST', path: '/api/agents?dry_run=1', body: '{"name":"x"}' },
        { method: 'PATCH', path: `/api/agents/${id}?force=true`, body: '{"name":"y"}' },
        { method: 'POST', path: `/api/agents/${id}/rotate-secret?force=true`, body: '{}' },
        { method: 'POST', path: `/api/agents/${id}/deactivate?force=true`, body: '{}' },
        { method: 'DELETE', path: `/api/agents/${id}?force=true` },
        {
          method: 'PUT',
          path: '/api/tenant/settings?force=true',
          body: '{"time_zone":"Asia/Kolkata"}',
        },
      ];
      for (const input of requests) {
        const before = await app.writtenRows();
        const response = await rawRequest(app.url, {
          ...input,
          headers: { ...auth(), 'content-type': 'application/json' },
        });
        expect([input.path, response.status]).toEqual([input.path, 400]);
        const body = problem(response);
        const named = JSON.stringify(body);
        expect(named).toMatch(/dry_run|force/);
        expect(await app.writtenRows()).toEqual(before);
      }
    });
  });

  it('uses ids that are still random per run', () => {
    expect(randomUUID()).not.toEqual(app.agent.agentId);
  });
});
