import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeBuild } from '../../portal/scripts/analyzeBuild.mjs';

// A miniature `.next` folder shaped like a Turbopack build: one main chunk, one page entry
// chunk, and a chart chunk that is either lazy (react-loadable-manifest) or an entry file.
const markers = [{ name: 'recharts', marker: 'recharts-surface' }];

let nextDir: string;

async function write(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(nextDir, file)), { recursive: true });
  await writeFile(path.join(nextDir, file), content);
}

async function build({ chartChunkIsEntry }: { chartChunkIsEntry: boolean }): Promise<void> {
  await write(
    'build-manifest.json',
    JSON.stringify({ rootMainFiles: ['static/chunks/main.js'], polyfillFiles: [], pages: {} }),
  );
  await write('static/chunks/main.js', 'react runtime');
  await write('static/chunks/page.js', 'dashboard');
  await write('static/chunks/chart.js', 'className:"recharts-surface"');
  const entry = chartChunkIsEntry
    ? ['static/chunks/page.js', 'static/chunks/chart.js']
    : ['static/chunks/page.js'];
  await write(
    'server/app/analytics/page_client-reference-manifest.js',
    'globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\n' +
      `globalThis.__RSC_MANIFEST["/analytics/page"] = ${JSON.stringify({
        clientModules: {
          dashboard: { chunks: entry.map((file) => `/_next/${file}`), async: false },
        },
        entryJSFiles: { '[project]/app/analytics/page': entry },
      })};`,
  );
  await write(
    'server/app/analytics/page/react-loadable-manifest.json',
    JSON.stringify(chartChunkIsEntry ? {} : { 1: { id: 1, files: ['static/chunks/chart.js'] } }),
  );
}

beforeEach(async () => {
  nextDir = await mkdtemp(path.join(tmpdir(), 'bundle-check-'));
});

afterEach(async () => {
  await rm(nextDir, { recursive: true, force: true });
});

describe('analyzeBuild', () => {
  it('passes when chart code is only in chunks loaded through next/dynamic', async () => {
    await build({ chartChunkIsEntry: false });
    const result = await analyzeBuild(nextDir, markers);
    expect(result.violations).toEqual([]);
    expect(result.found[0]?.chunks.map((chunk) => chunk.file)).toEqual(['static/chunks/chart.js']);
  });

  it('fails when a page loads the chart chunk up front (a static import)', async () => {
    await build({ chartChunkIsEntry: true });
    const { violations } = await analyzeBuild(nextDir, markers);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/static\/chunks\/chart\.js is loaded eagerly \(entry files of/);
    expect(violations[1]).toMatch(/not listed in any react-loadable-manifest\.json/);
  });

  it('fails when the chart chunk is in the main bundle', async () => {
    await build({ chartChunkIsEntry: false });
    await write('static/chunks/main.js', 'react runtime, recharts-surface');
    const { violations } = await analyzeBuild(nextDir, markers);
    expect(violations.join('\n')).toMatch(
      /main\.js is loaded eagerly \(build-manifest\.json rootMainFiles\)/,
    );
  });

  it('fails when a prerendered page has the chart chunk in a script tag', async () => {
    await build({ chartChunkIsEntry: false });
    await write(
      'server/app/index.html',
      '<script src="/_next/static/chunks/chart.js" async=""></script>',
    );
    const { violations } = await analyzeBuild(nextDir, markers);
    expect(violations.join('\n')).toMatch(/chart\.js is loaded eagerly \(<script src> in server/);
  });

  it('fails when the marker is nowhere, so a stale build or renamed marker cannot pass', async () => {
    await build({ chartChunkIsEntry: false });
    await write('static/chunks/chart.js', 'something else');
    const { violations } = await analyzeBuild(nextDir, markers);
    expect(violations.join('\n')).toMatch(/marker "recharts-surface" is in no client chunk/);
  });

  it('fails when there is no build at all', async () => {
    const { violations } = await analyzeBuild(path.join(nextDir, 'missing'), markers);
    expect(violations.join('\n')).toMatch(/No build output/);
  });
});
