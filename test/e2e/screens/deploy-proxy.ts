import { createServer, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * An HTTP proxy in front of the server that can "deploy a new version" (its sw.js gains a line,
 * so the browser sees a new service worker) and hold Previous/Next back (503, as a server
 * restarting would), with WebSockets passed through.
 */
export class DeployProxy {
  deployed = 0;
  holdTransitions = false;
  port = 0;
  private server: Server | null = null;
  /** WebSockets: the HTTP server lets go of them once upgraded. */
  private readonly tunnels = new Set<Socket>();

  constructor(private readonly target: number) {}

  async open(): Promise<void> {
    const server = createServer((req, res) => {
      if (this.holdTransitions && req.method === 'POST' && /^\/api\/orders\/[^/]+\/(advance|regress)$/.test(req.url ?? '')) {
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'unavailable', message: 'held by the test' } }));
        return;
      }
      const bumped = req.url?.split('?')[0] === '/sw.js' && this.deployed > 0;
      const headers = { ...req.headers };
      // The new version is a new body: never a 304 for the browser's revalidation.
      // And a plain one: the server would send its brotli copy, which a line cannot be added to.
      if (bumped) for (const h of ['if-none-match', 'if-modified-since', 'accept-encoding']) delete headers[h];
      const upstream = request({ host: '127.0.0.1', port: this.target, method: req.method, path: req.url, headers }, (up) => {
        if (!bumped) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.concat([...chunks, Buffer.from(`\n// deployed again (${this.deployed})\n`)]);
          const headers = { ...up.headers, 'content-length': String(body.length) };
          delete headers['etag'];
          delete headers['last-modified'];
          res.writeHead(up.statusCode ?? 200, headers).end(body);
        });
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    server.on('upgrade', (req, socket, head) => {
      const upstream = connect(this.target, '127.0.0.1', () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`), '', ''];
        upstream.write(lines.join('\r\n'));
        if (head.length) upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      this.tunnels.add(socket as Socket).add(upstream);
      const drop = () => {
        socket.destroy();
        upstream.destroy();
        this.tunnels.delete(socket as Socket);
        this.tunnels.delete(upstream);
      };
      socket.on('close', drop);
      upstream.on('close', drop);
      upstream.on('error', drop);
      socket.on('error', drop);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    const addr = server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    for (const s of this.tunnels) s.destroy();
    this.tunnels.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
