import type { Command } from 'commander';
import { changeTenantTimeZone } from '../commands/tenants/changeTenantTimeZone.js';
import { createTenant } from '../commands/tenants/createTenant.js';
import { listTenants } from '../commands/tenants/listTenants.js';
import { rotateTenantAdminSecret } from '../commands/tenants/rotateTenantAdminSecret.js';
import { tenantName } from '../commands/tenants/tenantName.js';
import { timeZoneName } from '../commands/tenants/timeZoneName.js';
import { withCliContext } from '../app/cliContext.js';
import { printResult } from './printResult.js';
import { requireText } from './textArgument.js';
import { requireUuid } from './uuidArgument.js';

const secretNote =
  'The client secret is shown only now; store it safely. Exchange it for an admin token at POST /oauth2/token.';

export function registerTenantCommands(program: Command): void {
  const tenant = program.command('tenant').description('Manage tenants and their admin clients');

  tenant
    .command('create')
    .description('Create a tenant and its admin client; prints the client secret once')
    .argument('<name>', 'display name of the tenant (1-200 characters)')
    .option('--json', 'print the result as one JSON object')
    .action(async (name: string, options: { json?: boolean }) => {
      const trimmed = requireText(tenantName, name, 'tenant name');
      const created = await withCliContext(({ deps, origin }) =>
        createTenant(deps, { name: trimmed, origin }),
      );
      printResult(
        options.json ?? false,
        {
          tenant_id: created.tenantId,
          name: created.name,
          client_id: created.adminClientId,
          client_secret: created.adminClientSecret,
        },
        secretNote,
      );
    });

  tenant
    .command('list')
    .description('List every tenant with its id and creation time')
    .option('--json', 'print the result as a JSON array')
    .action(async (options: { json?: boolean }) => {
      const tenants = await withCliContext(({ deps }) => listTenants(deps.eventStore));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(tenants)}\n`);
        return;
      }
      for (const t of tenants) process.stdout.write(`${t.tenantId}  ${t.createdAt}  ${t.name}\n`);
      if (tenants.length === 0) process.stdout.write('No tenants yet.\n');
    });

  tenant
    .command('admin')
    .description("Manage a tenant's admin client")
    .command('rotate')
    .description('Replace the admin client secret; the old one stops working at once')
    .argument('<tenantId>', 'id of the tenant (a UUID)')
    .option('--json', 'print the result as one JSON object')
    .action(async (tenantId: string, options: { json?: boolean }) => {
      const id = requireUuid(tenantId, 'tenant id');
      const rotated = await withCliContext(({ deps, origin }) =>
        rotateTenantAdminSecret(deps, { tenantId: id, origin }),
      );
      printResult(
        options.json ?? false,
        {
          tenant_id: rotated.tenantId,
          client_id: rotated.adminClientId,
          client_secret: rotated.adminClientSecret,
        },
        secretNote,
      );
    });

  tenant
    .command('set-time-zone')
    .description("Set the tenant's reporting time zone (an IANA name; UTC until set)")
    .argument('<tenantId>', 'id of the tenant (a UUID)')
    .argument('<zone>', 'IANA time zone name, e.g. Asia/Kolkata or UTC')
    .option('--json', 'print the result as one JSON object')
    .action(async (tenantId: string, zone: string, options: { json?: boolean }) => {
      const id = requireUuid(tenantId, 'tenant id');
      const timeZone = requireText(timeZoneName, zone, 'time zone');
      const settings = await withCliContext(({ deps, origin }) =>
        changeTenantTimeZone(deps, { tenantId: id, timeZone, origin }),
      );
      printResult(options.json ?? false, { tenant_id: id, time_zone: settings.timeZone });
    });
}
