import { describe, expect, it } from '@jest/globals';
import { stackEnvironment } from '../../src/stack/stackEnvironment.js';

const endpoints = {
  databaseUrl: 'postgres://postgres@127.0.0.1:54329/postgres',
  redisUrl: 'redis://127.0.0.1:63799',
  apiPort: 4000,
  portalPort: 3000,
};

describe('stackEnvironment (what npm start gives its processes)', () => {
  it('issues tokens under the API URL by default', () => {
    const env = stackEnvironment(endpoints, {});
    expect(env).toMatchObject({
      ISSUER_URL: 'http://127.0.0.1:4000',
      API_URL: 'http://127.0.0.1:4000',
      HTTP_PORT: '4000',
      PORTAL_PORT: '3000',
      DATABASE_URL: endpoints.databaseUrl,
    });
    expect(env.PORTAL_SOURCE_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keeps an ISSUER_URL and a portal source secret the environment sets', () => {
    const env = stackEnvironment(endpoints, {
      ISSUER_URL: 'https://id.example.com',
      PORTAL_SOURCE_SECRET: 'given',
    });
    expect(env.ISSUER_URL).toBe('https://id.example.com');
    expect(env.API_URL).toBe('http://127.0.0.1:4000');
    expect(env.PORTAL_SOURCE_SECRET).toBe('given');
  });

  it('lets the extra environment have the last word', () => {
    expect(
      stackEnvironment(endpoints, { LOG_LEVEL: 'info' }, { LOG_LEVEL: 'warn' }).LOG_LEVEL,
    ).toBe('warn');
  });
});
