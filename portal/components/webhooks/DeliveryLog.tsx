'use client';

import { useCallback, useEffect, useState } from 'react';
import { webhooksApi } from '#lib/client/webhooksApi';
import type { WebhookDelivery } from '#lib/webhookSchemas';

const when = (iso: string | null) => (iso === null ? '—' : new Date(iso).toLocaleString());

/** The subscription's deliveries, newest first, a page at a time; reloaded when `version` moves. */
export function DeliveryLog({
  subscriptionId,
  version,
}: {
  subscriptionId: string;
  version: number;
}) {
  const [items, setItems] = useState<WebhookDelivery[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(
    (cursor?: string) =>
      webhooksApi.deliveries(subscriptionId, cursor).then(
        (page) => {
          setItems((current) => (cursor ? [...current, ...page.items] : page.items));
          setNext(page.next_cursor);
          setError(undefined);
        },
        (caught: unknown) => setError((caught as Error).message),
      ),
    [subscriptionId],
  );

  useEffect(() => {
    // Pending deliveries move on their own: look again every few seconds.
    const timer = setInterval(() => void load(), 3000);
    const first = setTimeout(() => void load(), 0);
    return () => {
      clearInterval(timer);
      clearTimeout(first);
    };
  }, [load, version]);

  return (
    <div className="table-scroll">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <table className="usage-table" data-testid="delivery-log">
        <caption className="sr-only">Deliveries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Message id</th>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Attempts
            </th>
            <th scope="col">Last answer</th>
            <th scope="col">Next attempt</th>
            <th scope="col">Failure reason</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No deliveries yet.
              </td>
            </tr>
          )}
          {items.map((item) => (
            <tr key={item.id} data-testid="delivery-row" data-status={item.status}>
              <td>
                <code>{item.message_id}</code>
              </td>
              <td>
                <code>{item.event}</code>
              </td>
              <td>{item.status}</td>
              <td className="numeric">{item.attempts}</td>
              <td>{item.last_status ?? item.last_error ?? '—'}</td>
              <td>{when(item.next_attempt_at)}</td>
              <td>{item.failure_reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next !== null && (
        <button type="button" className="link-button" onClick={() => void load(next)}>
          Older deliveries
        </button>
      )}
    </div>
  );
}
