import { streamNames } from '../../events/streams.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { handleCommand } from '../handleCommand.js';
import { webhookDecider } from './decideWebhook.js';
import { syncEndpoint } from './syncEndpoint.js';

// The event first, then the row from the log. Pending deliveries of a removed
// subscription are not sent: the worker finds the row inactive and marks them failed.
export async function unsubscribeWebhook(
  deps: CommandDeps,
  input: { tenantId: string; subscriptionId: string; origin: CommandOrigin },
): Promise<void> {
  await handleCommand(
    webhookDecider,
    { type: 'UnsubscribeWebhook' },
    {
      ...deps,
      streamName: streamNames.webhook(input.tenantId, input.subscriptionId),
      tenantId: input.tenantId,
      origin: input.origin,
    },
  );
  await syncEndpoint(deps, input.tenantId, input.subscriptionId);
}
