import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/*
 * Refusals that happen before any route or hook runs — an address or a path
 * parameter too long for the router, headers too large for Node's parser —
 * still answer with the API's one error body, `{ error: { code, message } }`,
 * as every other refusal (and the OpenAPI document) says.
 */

/** The router's own refusals (a malformed URL, a path parameter past maxParamLength). */
export function frameworkErrors(error: Error & { code?: string; statusCode?: number }, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply
    .status(tooLong ? 414 : (error.statusCode ?? 400))
    .send({ error: { code: tooLong ? 'uri_too_long' : 'bad_url', message: tooLong ? 'A part of this address is too long' : 'This address is not a valid URL' } });
}

const raw = (status: number, reason: string, code: string, message: string) => {
  const body = JSON.stringify({ error: { code, message } });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`;
};

/** Node's HTTP parser refusing a request (headers too large, garbage), answered in the API's shape. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const answer =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? raw(431, 'Request Header Fields Too Large', 'headers_too_large', 'The request’s headers are too large')
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? raw(408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive')
        : raw(400, 'Bad Request', 'bad_request', 'This is not a valid HTTP request');
  if (socket.writable) socket.write(answer);
  socket.destroy(err);
}
