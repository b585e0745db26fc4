import { Agent, request } from 'node:http';

// A keep-alive HTTP/1.1 client on node:http, as lean as a client gets, so the
// benchmark process spends its CPU on the server it measures.

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as received, still compressed if the server compressed it. */
  bytes: Buffer;
  /** The body as text, decoded on first read. */
  readonly body: string;
}

export interface HttpClient {
  request(
    method: 'GET' | 'POST',
    path: string,
    options?: { headers?: Record<string, string>; body?: string },
  ): Promise<HttpResponse>;
  close(): void;
}

export function httpClient(baseUrl: string, options: { connections: number }): HttpClient {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  return {
    request(method, path, { headers = {}, body } = {}) {
      return new Promise<HttpResponse>((resolve, reject) => {
        const outgoing = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers:
              body === undefined
                ? headers
                : { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const bytes = Buffer.concat(chunks);
              let body: string | undefined;
              // Decoded only when read: timed requests never read it, and a
              // heatmap's 2.2 MB string per request would put the client's
              // garbage collection into the server's latency.
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                bytes,
                get body() {
                  body ??= bytes.toString('utf8');
                  return body;
                },
              });
            });
            response.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** Throws unless the response has the expected status; returns the parsed JSON body. */
export function expectJson<T>(response: HttpResponse, status = 200): T {
  if (response.status !== status) {
    throw new Error(
      `expected HTTP ${status}, got ${response.status}: ${response.body.slice(0, 300)}`,
    );
  }
  return JSON.parse(response.body) as T;
}
