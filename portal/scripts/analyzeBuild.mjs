// Finds where chart code landed in a Next.js build output (`.next`) and reports any chunk
// that the browser would load eagerly instead of through next/dynamic.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';

/** Strings that only occur in the code they stand for. */
export const CHART_MARKERS = [
  { name: 'recharts', marker: 'recharts-surface' },
  { name: 'token trend chart', marker: 'token-trend-chart' },
  { name: 'activity heatmap', marker: 'heatmap-cell' },
  { name: 'failure chart', marker: 'failure-chart' },
];

async function filesUnder(dir, predicate) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && predicate(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** `/_next/static/chunks/a.js` and `static/chunks/a.js` name the same file. */
function normalize(file) {
  return file.replace(/^\/?_next\//, '').replace(/^\//, '');
}

function addEager(eager, file, source) {
  const key = normalize(file);
  eager.set(key, [...(eager.get(key) ?? []), source]);
}

async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

/** Files every page loads up front, from the build manifest. */
async function collectBuildManifest(nextDir, eager) {
  const manifest = await readJson(path.join(nextDir, 'build-manifest.json'));
  for (const key of ['rootMainFiles', 'polyfillFiles', 'lowPriorityFiles', 'devFiles']) {
    for (const file of manifest[key] ?? []) addEager(eager, file, `build-manifest.json ${key}`);
  }
  for (const [page, files] of Object.entries(manifest.pages ?? {})) {
    for (const file of files) addEager(eager, file, `build-manifest.json pages[${page}]`);
  }
  for (const [page, params] of Object.entries(manifest.pagesChunkGroupBootstrapParams ?? {})) {
    for (const file of params.otherChunks ?? []) {
      addEager(eager, file, `build-manifest.json bootstrap chunks of ${page}`);
    }
  }
}

/** Chunks an app route loads before hydration: its entry files and non-async client modules. */
async function collectClientReferenceManifests(nextDir, eager) {
  const files = await filesUnder(path.join(nextDir, 'server'), (name) =>
    name.endsWith('_client-reference-manifest.js'),
  );
  for (const file of files) {
    const context = {};
    vm.runInNewContext(await readFile(file, 'utf8'), context);
    for (const [route, manifest] of Object.entries(context.__RSC_MANIFEST ?? {})) {
      for (const [entry, chunks] of Object.entries(manifest.entryJSFiles ?? {})) {
        for (const chunk of chunks) addEager(eager, chunk, `entry files of ${route} (${entry})`);
      }
      for (const [module, info] of Object.entries(manifest.clientModules ?? {})) {
        if (info.async) continue;
        for (const chunk of info.chunks ?? []) {
          addEager(eager, chunk, `client module ${module} of ${route}`);
        }
      }
    }
  }
}

/** Script tags in prerendered HTML. */
async function collectPrerenderedHtml(nextDir, eager) {
  const files = await filesUnder(path.join(nextDir, 'server'), (name) => name.endsWith('.html'));
  for (const file of files) {
    const html = await readFile(file, 'utf8');
    for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) {
      addEager(eager, match[1], `<script src> in ${path.relative(nextDir, file)}`);
    }
  }
}

/** Files reachable only through next/dynamic, from every react-loadable-manifest.json. */
async function collectLoadable(nextDir) {
  const lazy = new Set();
  const files = await filesUnder(nextDir, (name) => name === 'react-loadable-manifest.json');
  for (const file of files) {
    for (const entry of Object.values(await readJson(file))) {
      for (const chunk of entry.files ?? []) lazy.add(normalize(chunk));
    }
  }
  return lazy;
}

export async function analyzeBuild(nextDir, markers = CHART_MARKERS) {
  try {
    await stat(path.join(nextDir, 'build-manifest.json'));
  } catch {
    return {
      found: [],
      violations: [`No build output at ${nextDir}: run \`npm run build -w portal\` first.`],
    };
  }

  const eager = new Map();
  await collectBuildManifest(nextDir, eager);
  await collectClientReferenceManifests(nextDir, eager);
  await collectPrerenderedHtml(nextDir, eager);
  const lazy = await collectLoadable(nextDir);

  const chunks = await filesUnder(path.join(nextDir, 'static'), (name) => name.endsWith('.js'));
  const contents = await Promise.all(chunks.map((file) => readFile(file, 'utf8')));

  const found = [];
  const violations = [];
  for (const { name, marker } of markers) {
    const hits = chunks
      .map((file, i) => ({ file: path.relative(nextDir, file), bytes: contents[i].length }))
      .filter((_, i) => contents[i].includes(marker));
    found.push({ name, marker, chunks: hits });
    if (hits.length === 0) {
      violations.push(
        `${name}: marker "${marker}" is in no client chunk under .next/static; ` +
          'the build is missing or stale, or the marker no longer matches the code.',
      );
    }
    for (const { file } of hits) {
      const sources = eager.get(file);
      if (sources !== undefined) {
        violations.push(
          `${name}: ${file} is loaded eagerly (${sources.slice(0, 3).join('; ')}). ` +
            'Import it only through next/dynamic.',
        );
      }
      if (!lazy.has(file)) {
        violations.push(
          `${name}: ${file} is not listed in any react-loadable-manifest.json, ` +
            'so it is not loaded through next/dynamic.',
        );
      }
    }
  }
  return { found, violations };
}
