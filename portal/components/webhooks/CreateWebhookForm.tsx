'use client';

import { useState, type FormEvent } from 'react';
import { webhookEventTypes } from '#lib/webhookSchemas';
import { webhooksApi, type WebhookRequestError } from '#lib/client/webhooksApi';
import type { CreatedWebhookSubscription } from '#lib/webhookSchemas';

/** URL and events; the created subscription (with its secret) goes to onCreated. */
export function CreateWebhookForm({
  onCreated,
}: {
  onCreated: (created: CreatedWebhookSubscription) => void;
}) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...webhookEventTypes]);
  const [error, setError] = useState<WebhookRequestError | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await webhooksApi.create(url.trim(), events));
      setUrl('');
    } catch (caught) {
      setError(caught as WebhookRequestError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="webhook-form" onSubmit={submit} data-testid="webhook-form">
      <label className="field">
        <span>Endpoint URL</span>
        <input
          type="url"
          required
          placeholder="https://example.com/hooks"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={error?.field === 'url'}
          data-testid="webhook-url"
        />
      </label>
      <fieldset className="field">
        <legend>Events</legend>
        {webhookEventTypes.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(event) =>
                setEvents((current) =>
                  event.target.checked ? [...current, type] : current.filter((t) => t !== type),
                )
              }
            />
            <code>{type}</code>
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="form-error" role="alert" data-testid="webhook-form-error">
          {error.message}
        </p>
      )}
      <button type="submit" className="button" disabled={busy} data-testid="webhook-create">
        {busy ? 'Adding…' : 'Add endpoint'}
      </button>
    </form>
  );
}
