// The Node HTTP server in front of the app. What Node's parser refuses before the app sees a request (headers over
// the limit, malformed requests, timeouts) is answered as problem+json too, not with Node's bare status line.
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener, RequestError } from '@hono/node-server';
import { DEFAULT_LANGUAGE } from '../../domain/language';
import { DomainError } from '../../domain/errors';
import { problemDocument } from '../problem';

/** Request line and headers together (Node's own default, stated here so the 431 below is ours to document). */
export const MAX_HEADER_BYTES = 16 * 1024;

function problemBytes(problem: DomainError): { status: number; body: string } {
  return { status: problem.status, body: JSON.stringify(problemDocument(problem, DEFAULT_LANGUAGE)) };
}

/** The answer to a request the parser refused; headers are unread, so the language is the default one. */
function clientErrorProblem(error: NodeJS.ErrnoException): DomainError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return new DomainError('headers_too_large', `The request line and headers exceed ${MAX_HEADER_BYTES} bytes.`);
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new DomainError('request_timeout', 'The request did not arrive in time.');
  return new DomainError('bad_request', 'The request is not valid HTTP.');
}

function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node does by default: answer only where nothing of a response was sent yet.
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy(error);
    return;
  }
  const { status, body } = problemBytes(clientErrorProblem(error));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** A Node server for the app's fetch handler; `listen` is the caller's. */
export function createHttpServer(fetch: (request: Request) => Response | Promise<Response>): Server {
  const listener = getRequestListener(fetch, {
    // A request Node accepted but the adapter cannot turn into a Request (e.g. an unusable Host header); the app's
    // own errors never get here (its onError answers them).
    errorHandler: (error) => {
      const problem = error instanceof RequestError ? new DomainError('bad_request', 'The request cannot be read.') : new DomainError('internal_error', 'Something went wrong on our side.');
      const { status, body } = problemBytes(problem);
      return new Response(body, { status, headers: { 'content-type': 'application/problem+json' } });
    },
  });
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (incoming, outgoing) => {
    // An answer given before the body arrived (401, 413) ends the connection: the rest of the body is not read, so
    // a client must not send its next request on it.
    const writeHead = outgoing.writeHead;
    outgoing.writeHead = function (this: typeof outgoing, ...args: Parameters<typeof writeHead>) {
      if (!incoming.complete) this.setHeader('connection', 'close');
      return writeHead.apply(this, args);
    } as typeof writeHead;
    return listener(incoming, outgoing);
  });
  server.on('clientError', onClientError);
  return server;
}
