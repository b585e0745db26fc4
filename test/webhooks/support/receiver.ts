import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  /** Whether the signature verified under the secret the receiver was given. */
  verified: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  at: number;
}

/** Answers one request; the default answers 204. */
export type Responder = (
  received: Received,
  response: ServerResponse,
  request: IncomingMessage,
) => void;

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  setSecret(secret: string): void;
  respond(responder: Responder): void;
  /** Closes the listener and cuts every open connection (a receiver that dies). */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

/** A real local HTTP receiver that verifies Standard Webhooks signatures. */
export async function startReceiver(port = 0): Promise<Receiver> {
  let secret: string | undefined;
  let responder: Responder = (_received, response) => {
    response.statusCode = 204;
    response.end();
  };
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      let verified = false;
      try {
        if (secret) {
          new Webhook(secret).verify(body, headers);
          verified = true;
        }
      } catch {
        verified = false;
      }
      const entry: Received = {
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        verified,
        body: JSON.parse(body) as Received['body'],
        at: Date.now(),
      };
      received.push(entry);
      responder(entry, response, request);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (onPort: number) =>
    new Promise<number>((resolve) =>
      server.listen(onPort, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  const boundPort = await listen(port);
  return {
    url: `http://127.0.0.1:${boundPort}/hooks`,
    port: boundPort,
    received,
    setSecret(value) {
      secret = value;
    },
    respond(next) {
      responder = next;
    },
    async kill() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restart() {
      await listen(boundPort);
    },
  };
}
