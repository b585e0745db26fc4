import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import type { SignedMessage } from './signedMessage.js';

/**
 * The receiver could not be reached or did not answer in time (no HTTP
 * status). The message is generic and shown to the tenant; the detail (the
 * addresses DNS answered, the socket's error) is for the server's log only.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** The destination was refused by the address guard: retrying cannot help. */
    readonly refused = false,
    readonly detail: string = message,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const reasonsByCode: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'the host does not resolve',
  EAI_AGAIN: 'the host does not resolve',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'host unreachable',
};

/** What the tenant is told about a failed connection: never an address or a DNS answer. */
export function connectionFailure(error: Error & { code?: string }): DeliveryError {
  if (/is not allowed/i.test(error.message)) {
    return new DeliveryError(
      'destination refused: the host does not resolve to a public address',
      true,
      error.message,
    );
  }
  const code = error.code ?? '';
  const reason =
    reasonsByCode[code] ??
    (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code)
      ? 'TLS handshake failed'
      : 'connection failed');
  return new DeliveryError(reason, false, error.message);
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

const agents = new Map<boolean, { http: http.Agent; https: https.Agent }>();

// The agents check the address each connection actually goes to, after DNS,
// so a host that resolved to a public address when it was subscribed and to a
// private one now is refused (DNS rebinding).
function agentsFor(allowPrivate: boolean) {
  let pair = agents.get(allowPrivate);
  if (!pair) {
    const options = { allowPrivateIPAddress: allowPrivate, keepAlive: false };
    pair = {
      http: new RequestFilteringHttpAgent(options),
      https: new RequestFilteringHttpsAgent(options),
    };
    agents.set(allowPrivate, pair);
  }
  return pair;
}

/**
 * POSTs the message and answers the HTTP status. Redirects are not followed
 * (a 3xx is the answer); the whole exchange is bounded by `timeoutMs`.
 */
export function postWebhook(
  url: string,
  message: SignedMessage,
  options: PostOptions,
): Promise<number> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const pair = agentsFor(options.allowPrivate);
  return new Promise<number>((resolve, reject) => {
    const request = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        agent: secure ? pair.https : pair.http,
        headers: {
          ...message.headers,
          'content-length': Buffer.byteLength(message.body).toString(),
          'user-agent': 'agent-analytics-webhooks/1',
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', (error) => reject(connectionFailure(error)));
      },
    );
    const timer = setTimeout(
      () => request.destroy(new DeliveryError(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('close', () => clearTimeout(timer));
    request.on('error', (error) => {
      reject(error instanceof DeliveryError ? error : connectionFailure(error));
    });
    request.end(message.body);
  });
}
