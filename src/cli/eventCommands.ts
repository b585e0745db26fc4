import type { Command } from 'commander';
import type { RecordedEvent } from '../eventstore/EventStore.js';
import { withCliContext } from '../app/cliContext.js';
import { requireUuid } from './uuidArgument.js';

function formatLine(event: RecordedEvent, json: boolean): string {
  const position = `${event.position.commit}:${event.position.prepare}`;
  if (json) {
    return JSON.stringify({
      position,
      occurred_at: event.metadata.occurredAt,
      type: event.type,
      stream: event.streamName,
      actor: event.metadata.actor,
      data: event.data,
    });
  }
  const actor = `${event.metadata.actor.type}:${event.metadata.actor.id}`;
  return `${event.metadata.occurredAt}  ${position.padEnd(14)}  ${event.type.padEnd(24)}  ${event.streamName}  ${actor}`;
}

export function registerEventCommands(program: Command): void {
  const events = program.command('events').description('Read the raw event log');

  events
    .command('tail')
    .description(
      "Follow a tenant's raw events live, one line per event (occurred-at, position, type, stream, actor); Ctrl-C stops",
    )
    .requiredOption('--tenant <id>', 'id of the tenant (a UUID)')
    .option('--from-start', "print the tenant's whole history first, then follow")
    .option('--json', 'print each event as one JSON object')
    .action(async (options: { tenant: string; fromStart?: boolean; json?: boolean }) => {
      const tenantId = requireUuid(options.tenant, 'tenant id');
      await withCliContext(async ({ deps }) => {
        const from = options.fromStart ? undefined : await deps.eventStore.headPosition();
        await new Promise<void>((resolve, reject) => {
          const subscription = deps.eventStore.subscribeToAll(
            {
              onEvent: (event) => {
                process.stdout.write(`${formatLine(event, options.json ?? false)}\n`);
              },
              onError: (error) => {
                void subscription.stop().finally(() => reject(error));
              },
            },
            { ...(from === undefined ? {} : { from }), filter: { tenantId } },
          );
          const stop = () => void subscription.stop().then(resolve, reject);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      });
    });
}
