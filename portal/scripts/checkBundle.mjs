// Proves from the build output that recharts and the chart components are code-split:
// they sit only in chunks loaded through next/dynamic, never in a page's initial scripts.
// Exits non-zero when that is not so.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBuild } from './analyzeBuild.mjs';

const nextDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '.next');
const { found, violations } = await analyzeBuild(nextDir);

for (const { name, chunks } of found) {
  const list = chunks.map(({ file, bytes }) => `${file} (${(bytes / 1024).toFixed(0)} kB)`);
  console.log(`${name}: ${list.length === 0 ? 'not found' : list.join(', ')}`);
}

if (violations.length > 0) {
  console.error('\nBundle check FAILED: chart code is not code-split.');
  for (const violation of violations) console.error(`  - ${violation}`);
  process.exit(1);
}
console.log(
  '\nBundle check passed: chart code is only in chunks loaded through next/dynamic, ' +
    'none of them in the main bundle or a page entry.',
);
