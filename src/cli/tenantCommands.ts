import type { Command } from 'commander';

export function registerTenantCommands(program: Command): void {
  program.command('tenant').description('Manage tenants and their admin clients');
}
