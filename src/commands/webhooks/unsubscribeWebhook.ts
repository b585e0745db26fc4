import { streamNames } from '../../events/streams.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { appendFollowedBy } from '../../followUps/followedAppend.js';
import { appendedRevision, appendWithOutcome } from '../appendOutcome.js';
import { handleCommand } from '../handleCommand.js';
import { webhookDecider } from './decideWebhook.js';
import { syncEndpoint } from './syncEndpoint.js';

// The event first, then the row from the log, with a record that the row must
// follow the append: should the command stop between the two, the worker's
// sweep takes the subscription off the list. Pending deliveries of a removed
// subscription are not sent: the worker finds the row inactive and marks them failed.
export async function unsubscribeWebhook(
  deps: CommandDeps,
  input: { tenantId: string; subscriptionId: string; origin: CommandOrigin },
): Promise<void> {
  const streamName = streamNames.webhook(input.tenantId, input.subscriptionId);
  await handleCommand(
    webhookDecider,
    { type: 'UnsubscribeWebhook' },
    {
      ...deps,
      streamName,
      tenantId: input.tenantId,
      origin: input.origin,
      append: async ({ newEvents, expectedRevision }) =>
        appendedRevision(
          await appendFollowedBy(
            deps.pool,
            { kind: 'webhook', rowKey: input.subscriptionId, streamName },
            newEvents,
            () => appendWithOutcome(deps.eventStore, streamName, newEvents, expectedRevision),
          ),
        ),
    },
  );
  await syncEndpoint(deps, input.tenantId, input.subscriptionId);
}
