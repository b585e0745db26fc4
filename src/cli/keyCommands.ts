import type { Command } from 'commander';
import { withCliContext } from '../app/cliContext.js';
import { printResult } from './printResult.js';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('Manage the token signing keys');

  keys
    .command('rotate')
    .description(
      'Start signing with a fresh key; the old key stays published until its tokens expire',
    )
    .option('--json', 'print the result as one JSON object')
    .action(async (options: { json?: boolean }) => {
      const result = await withCliContext(async ({ keys: ring }) => {
        const kid = await ring.rotate();
        const published = (await ring.published()).map((key) => key.kid);
        return { signing_kid: kid, published_kids: published.join(' ') };
      });
      printResult(options.json ?? false, result);
    });
}
