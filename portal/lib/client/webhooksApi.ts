// Browser side of the webhook settings: calls the portal's own routes.
import type {
  CreatedWebhookSubscription,
  WebhookDeliveriesPage,
  WebhookSubscription,
} from '#lib/webhookSchemas';

/** A refused request, with the field the API named when there is one. */
export class WebhookRequestError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly sessionEnded = false,
  ) {
    super(message);
    this.name = 'WebhookRequestError';
  }
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store', ...init });
  } catch {
    throw new WebhookRequestError('The portal could not be reached. Check your connection.');
  }
  if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
  const problem = (await response.json().catch(() => ({}))) as {
    title?: string;
    detail?: string;
    errors?: { field: string; message: string }[];
  };
  const first = problem.errors?.[0];
  const message = first
    ? `${first.field}: ${first.message}`
    : (problem.detail ?? problem.title ?? `HTTP ${response.status}`);
  throw new WebhookRequestError(
    message,
    first?.field,
    response.status === 401 || response.status === 403,
  );
}

export const webhooksApi = {
  list: () => call<{ items: WebhookSubscription[] }>('/portal-api/webhooks'),
  create: (url: string, events: string[]) =>
    call<CreatedWebhookSubscription>('/portal-api/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, events }),
    }),
  remove: (id: string) => call<void>(`/portal-api/webhooks/${id}`, { method: 'DELETE' }),
  sendTest: (id: string) =>
    call<{ delivery_id: string; message_id: string }>(`/portal-api/webhooks/${id}/test`, {
      method: 'POST',
    }),
  deliveries: (id: string, cursor?: string) =>
    call<WebhookDeliveriesPage>(
      `/portal-api/webhooks/${id}/deliveries${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
};
