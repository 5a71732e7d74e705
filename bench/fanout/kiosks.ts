/**
 * The simulated kiosks of bench/fanout.ts, in their own process: N real
 * socket.io-client connections (WebSocket transport, as the PWA), recording
 * when each event arrives.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { now, type FromKiosks, type KioskPlan, type ToKiosks } from './protocol.js';

const send = (m: FromKiosks) => process.send!(m);
const sockets: Socket[] = [];
const received = new Map<string, number[]>();
const sentAt = new Map<string, number>();
const errors: string[] = [];
let count = 0;

function record(key: string, at: number) {
  const list = received.get(key);
  if (list) list.push(at);
  else received.set(key, [at]);
  count++;
}

async function open(plan: KioskPlan): Promise<void> {
  const started = Date.now();
  const total = plan.machineKiosks + plan.wallKiosks;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const machine = i < plan.machineKiosks ? plan.machines[i % plan.machines.length] : null;
    const url = plan.urls[i % plan.urls.length];
    const room = machine ? `machine:${machine}` : 'all';
    const socket = connect(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ...(plan.mode === 'floor' ? { query: { room } } : {}),
      ...(plan.cookie ? { extraHeaders: { cookie: plan.cookie } } : {}),
    });
    sockets.push(socket);
    if (plan.mode === 'floor') {
      socket.on('tick', (e: { k: number; t: number }) => {
        const at = now();
        sentAt.set(String(e.k), e.t);
        record(String(e.k), at);
      });
    } else {
      socket.on('order:changed', (e: { order: { id: string; version: number } }) => record(`${e.order.id}:${e.order.version}`, now()));
    }
    socket.on('disconnect', (reason) => errors.push(`kiosk ${i} disconnected: ${reason}`));
    pending.push(
      new Promise<void>((ok, fail) => {
        socket.once('connect_error', (e) => fail(new Error(`kiosk ${i}: ${e.message}`)));
        socket.once('connect', () => {
          if (plan.mode === 'floor') return ok();
          const sub = machine ? { machine } : { all: true };
          socket.timeout(30_000).emit('subscribe', sub, (err: Error | null, ack: { error?: { message: string } }) => {
            if (err || ack.error) fail(new Error(`kiosk ${i} subscribe: ${err?.message ?? ack.error?.message}`));
            else ok();
          });
        });
      }),
    );
    // Connect in small waves, like screens coming up, not all in one tick.
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.all(pending);
  send({ type: 'ready', connected: sockets.filter((s) => s.connected).length, ms: Date.now() - started });
}

process.on('message', (m: ToKiosks) => {
  if (m.type === 'connect') {
    open(m.plan).catch((e: Error) => {
      errors.push(e.message);
      send({ type: 'ready', connected: sockets.filter((s) => s.connected).length, ms: -1 });
    });
  } else if (m.type === 'count') {
    send({ type: 'count', received: count });
  } else if (m.type === 'report') {
    send({ type: 'report', received: [...received], sentAt: [...sentAt], errors });
  } else if (m.type === 'close') {
    for (const s of sockets) s.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});
