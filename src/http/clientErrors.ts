import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger.js';

// Requests Node's HTTP parser refuses before Koa sees them (bytes that are not
// allowed in a request line, oversized headers, broken framing) still get a
// problem document instead of a bare status line.

const statusOf: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    logger.info({ code: error.code }, 'malformed request refused');
    if (!socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const [status, title] = statusOf[error.code ?? ''] ?? [400, 'Bad Request'];
    const body = JSON.stringify({
      type: 'about:blank',
      title,
      status,
      detail: 'The request is not well-formed HTTP',
    });
    socket.end(
      [
        `HTTP/1.1 ${status} ${title}`,
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'X-Content-Type-Options: nosniff',
        'Cache-Control: no-store',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
