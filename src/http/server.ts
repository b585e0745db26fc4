import { createServer, type Server } from 'node:http';
import type Koa from 'koa';
import type { Logger } from '../logger.js';
import { answerClientErrors } from './clientErrors.js';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

export async function startHttpServer(
  app: Koa,
  options: { host: string; port: number; logger: Logger },
): Promise<RunningServer> {
  const server = createServer(app.callback());
  server.keepAliveTimeout = 5000;
  answerClientErrors(server, options.logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host}:${port}`;
  options.logger.info({ url }, 'http server listening');
  return {
    server,
    url,
    close: (graceMs = 10000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
