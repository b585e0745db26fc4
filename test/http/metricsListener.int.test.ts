import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startApiListeners, type ApiListeners } from '../../src/app/apiListeners.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';

describe('where /metrics is served', () => {
  let ctx: CommandApp | undefined;
  let listeners: ApiListeners | undefined;
  afterEach(async () => {
    await listeners?.api.close(0);
    await listeners?.metrics?.close(0);
    await ctx?.close();
    listeners = undefined;
    ctx = undefined;
  });

  it('by default, on the API listener', async () => {
    ctx = await startCommandApp({ HTTP_PORT: '0' });
    listeners = await startApiListeners(ctx.runtime, ctx.runtime.logger);
    expect(listeners.metrics).toBeUndefined();
    const metrics = await request(listeners.api.url).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('projection_events_behind');
  });

  it('with METRICS_PORT, only on a listener of its own that serves nothing else', async () => {
    ctx = await startCommandApp({ HTTP_PORT: '0', METRICS_PORT: '0' });
    listeners = await startApiListeners(ctx.runtime, ctx.runtime.logger);
    const metricsUrl = listeners.metrics?.url as string;
    expect(metricsUrl).toBeDefined();
    expect(metricsUrl).not.toEqual(listeners.api.url);

    const onApi = await request(listeners.api.url).get('/metrics');
    expect(onApi.status).toBe(404);
    expect(onApi.type).toBe('application/problem+json');
    expect((await request(listeners.api.url).get('/health/live')).status).toBe(200);

    const scraped = await request(metricsUrl).get('/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('projection_events_behind');
    expect((await request(metricsUrl).get('/health/live')).status).toBe(404);
    expect((await request(metricsUrl).get('/api/agents')).status).toBe(404);
  });
});
