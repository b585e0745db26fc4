'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { WebhookRequestError, webhooksApi } from '#lib/client/webhooksApi';
import type { CreatedWebhookSubscription, WebhookSubscription } from '#lib/webhookSchemas';
import { CreateWebhookForm } from './CreateWebhookForm';
import { DeliveryLog } from './DeliveryLog';

/** Webhook endpoints of the tenant: add (secret shown once), send a test, see deliveries, remove. */
export function WebhooksSettings() {
  const router = useRouter();
  const [items, setItems] = useState<WebhookSubscription[] | undefined>();
  const [created, setCreated] = useState<CreatedWebhookSubscription | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | undefined>();

  const failed = useCallback(
    (caught: unknown) => {
      if (caught instanceof WebhookRequestError && caught.sessionEnded) {
        router.replace('/signin?reason=expired');
        return;
      }
      setError((caught as Error).message);
    },
    [router],
  );

  const [listVersion, setListVersion] = useState(0);
  const reload = () => setListVersion((v) => v + 1);

  useEffect(() => {
    let current = true;
    webhooksApi.list().then(
      (list) => {
        if (!current) return;
        setItems(list.items);
        setError(undefined);
      },
      (caught: unknown) => current && failed(caught),
    );
    return () => {
      current = false;
    };
  }, [failed, listVersion]);

  const remove = async (id: string) => {
    try {
      await webhooksApi.remove(id);
      if (selected === id) setSelected(undefined);
      reload();
    } catch (caught) {
      failed(caught);
    }
  };

  const sendTest = async (id: string) => {
    try {
      await webhooksApi.sendTest(id);
      setSelected(id);
      setVersion((v) => v + 1);
    } catch (caught) {
      failed(caught);
    }
  };

  return (
    <section className="panel webhooks" aria-labelledby="webhooks-heading">
      <div className="panel-header">
        <h1 id="webhooks-heading">Webhooks</h1>
        <p className="panel-subtitle">
          Alerts (quota thresholds, anomalies, failure spikes) sent to your endpoints, signed as
          Standard Webhooks.
        </p>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <div className="notice secret-notice" role="status" data-testid="webhook-secret-notice">
          <p>
            Signing secret for <code>{created.url}</code>. Copy it now: it is not shown again.
          </p>
          <code className="secret" data-testid="webhook-secret">
            {created.secret}
          </code>
          <button type="button" className="link-button" onClick={() => setCreated(undefined)}>
            I have copied it
          </button>
        </div>
      )}
      <CreateWebhookForm
        onCreated={(subscription) => {
          setCreated(subscription);
          reload();
        }}
      />
      <div className="table-scroll">
        <table className="usage-table" data-testid="webhook-list">
          <caption className="sr-only">Webhook endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items?.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  No endpoints yet.
                </td>
              </tr>
            )}
            {items?.map((item) => (
              <tr key={item.id} data-testid="webhook-row" data-id={item.id}>
                <td>
                  <code>{item.url}</code>
                </td>
                <td>{item.events.join(', ')}</td>
                <td>{new Date(item.created_at).toLocaleString()}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => void sendTest(item.id)}
                    data-testid="webhook-send-test"
                  >
                    Send test
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setSelected(item.id)}
                    aria-pressed={selected === item.id}
                    data-testid="webhook-show-deliveries"
                  >
                    Deliveries
                  </button>
                  <button
                    type="button"
                    className="link-button danger"
                    onClick={() => void remove(item.id)}
                    data-testid="webhook-delete"
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && (
        <>
          <h2>Deliveries</h2>
          <DeliveryLog subscriptionId={selected} version={version} />
        </>
      )}
    </section>
  );
}
