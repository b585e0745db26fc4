import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One delivery as the listener saw it. */
export interface HeardDelivery {
  id: string;
  type: string;
  /** undefined when no secret was given to verify with. */
  verified: boolean | undefined;
  body: string;
}

export interface WebhookListener {
  port: number;
  close(): Promise<void>;
}

const maxBody = 1024 * 1024;

/**
 * A local receiver for trying webhooks out: verifies each delivery with the
 * subscription's secret (Standard Webhooks, signature and timestamp
 * tolerance) and reports it. Answers 204, or 401 when a signature does not
 * verify, so the sender retries as it would against a real receiver.
 */
export async function startWebhookListener(options: {
  port: number;
  host: string;
  secret?: string | undefined;
  onDelivery: (delivery: HeardDelivery) => void;
}): Promise<WebhookListener> {
  const verifier = options.secret ? new Webhook(options.secret) : undefined;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => String(request.headers[name] ?? '');
      let verified: boolean | undefined;
      if (verifier) {
        try {
          verifier.verify(body, {
            'webhook-id': header('webhook-id'),
            'webhook-timestamp': header('webhook-timestamp'),
            'webhook-signature': header('webhook-signature'),
          });
          verified = true;
        } catch {
          verified = false;
        }
      }
      let type: string;
      try {
        type = String((JSON.parse(body) as { type?: unknown }).type ?? '?');
      } catch {
        type = '(not JSON)';
      }
      options.onDelivery({ id: header('webhook-id'), type, verified, body });
      response.statusCode = verified === false ? 401 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function formatDelivery(delivery: HeardDelivery, now: Date): string {
  const check =
    delivery.verified === undefined
      ? 'unverified (no --secret)'
      : delivery.verified
        ? 'signature ok'
        : 'SIGNATURE DOES NOT VERIFY';
  return `${now.toISOString()}  ${delivery.id}  ${delivery.type.padEnd(22)}  ${check}\n  ${delivery.body}`;
}
