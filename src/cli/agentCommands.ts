import type { Command } from 'commander';
import { deactivateAgent } from '../commands/agents/deactivateAgent.js';
import { registerAgent } from '../commands/agents/registerAgent.js';
import { rotateAgentSecret } from '../commands/agents/rotateAgentSecret.js';
import { loadAgent } from '../commands/agents/agentStream.js';
import { deactivateAgentBody, registerAgentBody } from '../commands/http/schemas.js';
import { withCliContext } from '../app/cliContext.js';
import { printResult } from './printResult.js';
import { requireUuid } from './uuidArgument.js';
import { loadTenantSettings } from '../commands/tenants/tenantSettings.js';
import { requireText } from './textArgument.js';

const secretNote =
  'The client secret is shown only now; the agent exchanges it for tokens at POST /oauth2/token.';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface AgentTargetOptions {
  tenant: string;
  agent: string;
  json?: boolean;
}

/** A subcommand about one existing agent: --tenant, --agent and --json. */
function agentCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption('--tenant <tenantId>', 'id of the owning tenant (a UUID)')
    .requiredOption('--agent <agentId>', 'id of the agent (a UUID)')
    .option('--json', 'print the result as one JSON object');
}

function agentTarget(options: AgentTargetOptions): { tenantId: string; agentId: string } {
  return {
    tenantId: requireUuid(options.tenant, 'tenant id'),
    agentId: requireUuid(options.agent, 'agent id'),
  };
}

// Operator access to the same agent commands the API offers tenant admins.
export function registerAgentCommands(program: Command): void {
  const agents = program.command('agents').description("Manage a tenant's agents");

  agents
    .command('register')
    .description('Register an agent; prints its client id and secret once')
    .requiredOption('--tenant <tenantId>', 'id of the owning tenant (a UUID)')
    .requiredOption('--name <name>', 'display name (1-200 characters)')
    .option('--description <text>', 'what the agent does')
    .option('--scope <scope>', 'a scope the agent may request (repeatable)', collect, [])
    .option('--json', 'print the result as one JSON object')
    .action(
      async (options: {
        tenant: string;
        name: string;
        description?: string;
        scope: string[];
        json?: boolean;
      }) => {
        const tenantId = requireUuid(options.tenant, 'tenant id');
        const { shape } = registerAgentBody;
        const name = requireText(shape.name, options.name, 'name');
        const description = requireText(shape.description, options.description, 'description');
        const scopes = requireText(shape.scopes, options.scope, 'scope');
        const registered = await withCliContext(async ({ deps, origin }) => {
          // The API's tenant comes from a verified token; here it is only typed.
          await loadTenantSettings(deps.eventStore, tenantId);
          return registerAgent(deps, {
            tenantId,
            name,
            description: description ?? null,
            scopes: scopes ?? [],
            origin,
          });
        });
        printResult(
          options.json ?? false,
          {
            agent_id: registered.agent.agentId,
            name: registered.agent.name,
            scopes: registered.agent.scopes.join(' '),
            client_id: registered.agent.clientId,
            client_secret: registered.clientSecret,
          },
          secretNote,
        );
      },
    );

  agentCommand(agents, 'show', "Show an agent's current state, read from its event stream").action(
    async (options: AgentTargetOptions) => {
      const { tenantId, agentId } = agentTarget(options);
      const loaded = await withCliContext(({ deps }) =>
        loadAgent(deps.eventStore, tenantId, agentId),
      );
      if (loaded.state.status === 'absent')
        throw new Error(`No agent ${agentId} in tenant ${tenantId}`);
      const { state } = loaded;
      printResult(options.json ?? false, {
        agent_id: state.agentId,
        name: state.name,
        status: state.status,
        scopes: state.scopes.join(' '),
        client_id: state.clientId,
        revision: String(loaded.revision),
      });
    },
  );

  agentCommand(
    agents,
    'rotate-secret',
    "Replace an agent's client secret; the old one stops working at once",
  ).action(async (options: AgentTargetOptions) => {
    const { tenantId, agentId } = agentTarget(options);
    const rotated = await withCliContext(({ deps, origin }) =>
      rotateAgentSecret(deps, { tenantId, agentId, origin }),
    );
    printResult(
      options.json ?? false,
      {
        agent_id: agentId,
        client_id: rotated.agent.clientId,
        client_secret: rotated.clientSecret,
      },
      secretNote,
    );
  });

  agentCommand(
    agents,
    'deactivate',
    'Deactivate an agent: it gets no more tokens and cannot be changed',
  )
    .option('--reason <text>', 'why, kept in the event for auditors')
    .action(async (options: AgentTargetOptions & { reason?: string }) => {
      const { tenantId, agentId } = agentTarget(options);
      const reason = requireText(deactivateAgentBody.shape.reason, options.reason, 'reason');
      const result = await withCliContext(({ deps, origin }) =>
        deactivateAgent(deps, { tenantId, agentId, reason: reason ?? null, origin }),
      );
      printResult(options.json ?? false, { agent_id: agentId, status: result.agent.status });
    });
}
