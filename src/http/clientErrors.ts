import type { Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger.js';
import { apiSecurityHeaders } from './middleware/securityHeaders.js';

// Requests Node's HTTP parser refuses before Koa sees them (bytes that are not
// allowed in a request line, oversized headers, broken framing) still get a
// problem document instead of a bare status line.

const statusOf: Record<string, [number, string, string?]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  // The parser refuses a coding list that does not end in chunked.
  HPE_INVALID_TRANSFER_ENCODING: [
    400,
    'Bad Request',
    'Transfer-Encoding is not accepted; send the body with Content-Length, or chunked only',
  ],
  // A method the parser does not know: like any method a path does not serve
  // (middleware/allowedMethods.ts), 405 rather than 501.
  HPE_INVALID_METHOD: [405, 'Method Not Allowed', 'The request method is not supported'],
};

/** Every method some route serves; the Allow of a method no parser knows. */
const servedMethods = 'GET, HEAD, POST, PATCH, DELETE, OPTIONS';

export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    logger.info({ code: error.code }, 'malformed request refused');
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    // The parser can fail in the body of a request the app is already
    // answering (Transfer-Encoding: gzip arrives as a request, then breaks
    // the framing): that answer goes out first, then the connection closes.
    const answering = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (answering) {
      const close = () => socket.end();
      if (answering.writableFinished) close();
      else {
        answering.once('finish', close);
        setTimeout(() => socket.destroy(), 5000).unref();
      }
      return;
    }
    const [status, title, detail = 'The request is not well-formed HTTP'] = statusOf[
      error.code ?? ''
    ] ?? [400, 'Bad Request'];
    const body = JSON.stringify({ type: 'about:blank', title, status, detail });
    socket.end(
      [
        `HTTP/1.1 ${status} ${title}`,
        ...(status === 405 ? [`Allow: ${servedMethods}`] : []),
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        ...apiSecurityHeaders.map(([name, value]) => `${name}: ${value}`),
        'Cache-Control: no-store',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
