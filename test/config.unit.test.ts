import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('applies defaults for the project-local services', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:54329/analytics');
    expect(config.HTTP_PORT).toBe(4000);
  });

  it('folds rebuilds in a worker thread unless told not to', () => {
    expect(loadConfig({}).PROJECTION_REBUILD_FOLD_THREAD).toBe(true);
    expect(
      loadConfig({ PROJECTION_REBUILD_FOLD_THREAD: 'false' }).PROJECTION_REBUILD_FOLD_THREAD,
    ).toBe(false);
    expect(() => loadConfig({ PROJECTION_REBUILD_FOLD_THREAD: 'maybe' })).toThrow(ConfigError);
  });

  it('lists every problem in one error', () => {
    let caught: unknown;
    try {
      loadConfig({ HTTP_PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toContain('HTTP_PORT');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).toContain('LOG_LEVEL');
  });
});
