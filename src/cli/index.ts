import { Command } from 'commander';
import { registerProjectionCommands } from './projectionCommands.js';
import { registerTenantCommands } from './tenantCommands.js';

// `npm run cli -- <command>`: operator commands, each area in its own file.
const program = new Command('cli')
  .description('Operate the agent analytics service')
  .showHelpAfterError('(add --help for usage)');

registerTenantCommands(program);
registerProjectionCommands(program);

await program.parseAsync(process.argv);
