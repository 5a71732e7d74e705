/**
 * The floor of bench/fanout.ts: a bare Socket.IO server (same options as
 * Jalon's, no database, no HTTP write) that broadcasts a timestamped message
 * to the same rooms, at the same rate. With REDIS_URL it uses the same Redis
 * Streams adapter, unwrapped. Kiosks pick their room with `?room=`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { now, type FromFloor, type ToFloor } from './protocol.js';

const send = (m: FromFloor) => process.send!(m);

async function main() {
  let adapter: ReturnType<typeof createAdapter> | undefined;
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    const client = createClient({ url: redisUrl });
    client.on('error', () => undefined);
    await client.connect();
    adapter = createAdapter(client);
  }
  const http = createServer();
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 16 * 1024, ...(adapter ? { adapter } : {}) });
  io.on('connection', (socket) => {
    const room = socket.handshake.query.room;
    void socket.join(typeof room === 'string' ? room : 'all');
  });
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  send({ type: 'listening', port: (http.address() as AddressInfo).port });

  process.on('message', (m: ToFloor) => {
    if (m.type !== 'run') return;
    const interval = 1000 / m.rate;
    const total = Math.round((m.durationMs / 1000) * m.rate);
    const start = now();
    let i = 0;
    const tick = () => {
      // Paced on the clock, not on setTimeout's drift.
      while (i < total && now() >= start + i * interval) {
        const room = `machine:${m.machines[i % m.machines.length]}`;
        io.to([room, 'all']).emit('tick', { k: i, t: now() });
        i++;
      }
      if (i < total) setTimeout(tick, Math.max(0, start + i * interval - now()));
      else send({ type: 'done', sent: total });
    };
    tick();
  });
}

void main();
