import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalTeardown(): void {
  if (!process.env.TEST_RUN_ID) return;
  const root = path.resolve(__dirname, '../..');
  execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['test/support/dropRunDatabases.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
}
