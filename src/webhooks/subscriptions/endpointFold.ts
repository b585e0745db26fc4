import type { WebhookEventType } from '../../contract.js';

/** What a subscription's stream says, as of its last event. */
export interface LoggedEndpoint {
  revision: bigint;
  active: boolean;
  url: string;
  events: WebhookEventType[];
}

export interface LoggedSubscriptionEvent {
  streamRevision: bigint;
  type: string;
  data: unknown;
}

/** Folds a subscription's stream (pure); undefined while it has no event. */
export function foldEndpoint(
  events: readonly LoggedSubscriptionEvent[],
): LoggedEndpoint | undefined {
  let state: LoggedEndpoint | undefined;
  for (const event of events) {
    if (event.type === 'WebhookSubscribed') {
      const data = event.data as { url: string; events: WebhookEventType[] };
      state = { revision: event.streamRevision, active: true, url: data.url, events: data.events };
    } else if (event.type === 'WebhookUnsubscribed' && state) {
      state = { ...state, revision: event.streamRevision, active: false };
    } else if (state) {
      state = { ...state, revision: event.streamRevision };
    }
  }
  return state;
}
