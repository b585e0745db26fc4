import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Migrates one template database per run; every test file then clones it
// (CREATE DATABASE ... TEMPLATE), so each file starts from a fresh schema.
export default function globalSetup(): void {
  const root = path.resolve(__dirname, '../..');
  const output = execFileSync(
    path.join(root, 'node_modules/.bin/tsx'),
    ['test/support/createTemplateDatabase.ts'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  Object.assign(process.env, JSON.parse(output) as Record<string, string>);
}
