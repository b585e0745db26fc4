// The portal's code-split check run against the real production build (`next build`).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { portalIsBuilt, projectRoot } from '../../src/stack/localStack.js';

const run = promisify(execFile);

describe('portal build', () => {
  it('Analytics page is code-split (lazy loaded)', async () => {
    expect(portalIsBuilt()).toBe(true); // npm run build -w portal comes first in npm test

    // execFile rejects on a non-zero exit, with the check's own explanation in stderr.
    const { stdout } = await run(process.execPath, ['portal/scripts/checkBundle.mjs'], {
      cwd: projectRoot,
      timeout: 60_000,
    });

    expect(stdout).toContain('Bundle check passed');
    const chunkLine = (name: string): string[] => {
      const line = stdout.split('\n').find((entry) => entry.startsWith(`${name}: `)) ?? '';
      return [...line.matchAll(/(static\/chunks\/[^\s,]+\.js) \(\d+ kB\)/g)].map(
        (match) => match[1] ?? '',
      );
    };
    const rechartsChunks = chunkLine('recharts');
    expect(rechartsChunks.length).toBeGreaterThan(0);
    expect(chunkLine('token trend chart').length).toBeGreaterThan(0);
    expect(chunkLine('activity heatmap').length).toBeGreaterThan(0);

    // The chunks it names are real build files holding recharts' code.
    for (const chunk of rechartsChunks) {
      const code = await readFile(path.join(projectRoot, 'portal/.next', chunk), 'utf8');
      expect(code).toContain('recharts-surface');
    }
  }, 90_000);
});
