import type { Command } from 'commander';
import { seedDemoTenant } from '../demo/seedDemoTenant.js';
import { withCliContext } from '../app/cliContext.js';
import { printResult } from './printResult.js';
import { seedProgressBar } from './seedProgressBar.js';

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description(
      'Create a demo tenant with agents and back-dated token history (through the event store); prints its admin credentials once',
    )
    .option('--days <n>', 'days of token history to write (1-90)', '90')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: { days: string; json?: boolean }) => {
      const days = Number(options.days);
      if (!Number.isInteger(days) || days < 1 || days > 90) {
        throw new Error('--days must be a whole number from 1 to 90');
      }
      const progress = seedProgressBar();
      let events = 0;
      const demo = await withCliContext(({ deps }) =>
        seedDemoTenant(deps, {
          days,
          onProgress: (written, total) => {
            events = total;
            progress.onProgress(written, total);
          },
        }),
      ).finally(() => progress.stop());
      printResult(
        options.json ?? false,
        {
          tenant_id: demo.tenantId,
          name: demo.tenantName,
          client_id: demo.adminClientId,
          client_secret: demo.adminClientSecret,
          agents: demo.agents.length,
          token_events: events,
        },
        'The projections turn the history into analytics within moments while workers run. The client secret is shown only now.',
      );
    });
}
