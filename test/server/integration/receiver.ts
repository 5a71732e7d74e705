import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A real HTTP receiver for webhook tests: records every POST (headers, raw
 * body, the status it answered) and answers the statuses queued with
 * `answer(...)`, then `fallback` (204).
 */
export async function startReceiver(port = 0): Promise<{
  url: string;
  port: number;
  received: Received[];
  answer: (...statuses: number[]) => void;
  fallback: number;
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const queued: number[] = [];
  const r = {
    url: '',
    port: 0,
    received,
    answer: (...s: number[]) => void queued.push(...s),
    fallback: 204,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = queued.shift() ?? r.fallback;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 300 ? `receiver says ${status}` : '');
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', () => ok()));
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}/hook`;
  // Connections left open by keep-alive must not hold close() up.
  const close = r.close;
  r.close = () => {
    server.closeAllConnections();
    return close();
  };
  return r;
}

/** A port nothing listens on (yet). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', () => ok()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}
