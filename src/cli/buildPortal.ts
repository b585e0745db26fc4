// `next build` for `npm start`'s first run: its output is shown as it comes,
// and its last lines are kept for the error when it fails.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { projectRoot } from '../stack/localStack.js';
import { RecentLines } from '../stack/recentLines.js';
import { StepFailure } from '../stack/stepFailure.js';

export async function buildPortal(say: (line: string) => void): Promise<void> {
  say('building the portal (next build; first run only, takes a minute or two)…');
  const build = spawn('npm', ['run', 'build', '-w', 'portal'], {
    cwd: projectRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent = new RecentLines(20);
  for (const stream of [build.stdout, build.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      process.stdout.write(`portal  | ${line}\n`);
    });
  }
  const code = await new Promise<number | null>((resolve) => build.once('exit', resolve));
  if (code !== 0) {
    throw new StepFailure(
      `next build exited with code ${code}`,
      recent.all(),
      'fix the error above, then run `npm run build -w portal` (or `npm start` again)',
    );
  }
}
