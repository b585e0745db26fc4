import { Command } from 'commander';
import { registerAgentCommands } from './agentCommands.js';
import { registerEventCommands } from './eventCommands.js';
import { registerKeyCommands } from './keyCommands.js';
import { registerProjectionCommands } from './projectionCommands.js';
import { registerSeedCommand } from './seedCommand.js';
import { registerTenantCommands } from './tenantCommands.js';
import { registerWebhookCommands } from './webhookCommands.js';

// `npm run cli -- <command>`: operator commands, each area in its own file.
const program = new Command('cli')
  .description('Operate the agent analytics service')
  .showHelpAfterError('(add --help for usage)');

registerTenantCommands(program);
registerAgentCommands(program);
registerKeyCommands(program);
registerProjectionCommands(program);
registerSeedCommand(program);
registerEventCommands(program);
registerWebhookCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
