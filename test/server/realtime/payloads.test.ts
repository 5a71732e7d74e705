import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io-client';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { listeningApp, type Api } from './api.js';
import { isError, Screen } from './screen.js';

let app: FastifyInstance;
let url: string;
let api: Api;
let cookie: string;
let settings: SettingsReply;
let machineA: string;
let machineB: string;
const screens: Screen[] = [];

const open = async (sub: Parameters<typeof Screen.open>[1]) => {
  const s = await Screen.open(url, sub, settings, { cookie });
  screens.push(s);
  return s;
};

/** Emits raw arguments, as a hostile or broken client would, and waits for the ack. */
const raw = (socket: Socket, event: string, ...args: unknown[]) =>
  new Promise<any>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ack for ${event}`)), 5000);
    (socket as unknown as { emit: (...a: unknown[]) => void }).emit(event, ...args, (r: unknown) => {
      clearTimeout(timer);
      ok(r);
    });
  });

const whenDisconnected = (socket: Socket) =>
  new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('still connected')), 10_000);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      ok(reason);
    });
  });

test.before(async () => {
  ({ app, url, api, cookie, settings } = await listeningApp());
  machineA = (await api('POST', '/machines', { name: 'A' })).id;
  machineB = (await api('POST', '/machines', { name: 'B' })).id;
});

test.after(async () => {
  for (const s of screens) s.close();
  await app.close();
});

test('malformed subscribe and resync payloads get an error ack and change nothing', async () => {
  const kiosk = await open({ machine: machineA });
  const seqBefore = await app.repos.counters.current('seq');
  const badSubscribes: unknown[][] = [
    [{ machine: 123 }],
    [{ machine: machineB, extra: true }],
    [{ machine: '$where' }],
    [{ all: 'yes' }],
    ['machine:B'],
    [null],
    [[machineB]],
    [],
    [{ machine: machineB }, 'one too many'],
  ];
  for (const args of badSubscribes) {
    const r = await raw(kiosk.socket, 'subscribe', ...args);
    assert.ok(isError(r), `subscribe ${JSON.stringify(args)} refused`);
    assert.is(r.error.code, 'invalid_payload', JSON.stringify(args));
    assert.type(r.error.message, 'string');
  }
  for (const args of [[{ sinceSeq: -1 }], [{ sinceSeq: 1.5 }], [{ sinceSeq: '3' }], [{}], [{ sinceSeq: 1, more: 1 }], [7]]) {
    const r = await raw(kiosk.socket, 'resync', ...args);
    assert.ok(isError(r), `resync ${JSON.stringify(args)} refused`);
    assert.is(r.error.code, 'invalid_payload');
  }
  // Without an acknowledgement nobody can be answered: the event does nothing.
  (kiosk.socket as unknown as { emit: (...a: unknown[]) => void }).emit('subscribe', { machine: machineB });

  assert.is(await app.repos.counters.current('seq'), seqBefore, 'nothing was written');
  // Still following machine A only.
  const onB = await api('POST', '/orders', { contact: { name: 'Sur B' }, machineId: machineB });
  const onA = await api('POST', '/orders', { contact: { name: 'Sur A' }, machineId: machineA });
  await kiosk.until(() => kiosk.orders.has(onA.id), 'the order of A');
  assert.equal(kiosk.orderEvents(onB.id), [], 'the refused subscriptions did not take effect');
});

test('an unknown event with an acknowledgement is answered with an error', async () => {
  const s = await open({});
  const r = await raw(s.socket, 'advance', { id: 'x' });
  assert.ok(isError(r));
  assert.is(r.error.code, 'unknown_event');
});

test('a socket that floods events is disconnected; the others are not', async () => {
  const flooder = await open({ all: true });
  const bystander = await open({ all: true });
  const gone = whenDisconnected(flooder.socket);
  for (let i = 0; i < 200; i++) flooder.socket.emit('resync', { sinceSeq: 0 }, () => undefined);
  assert.is(await gone, 'io server disconnect');
  const o = await api('POST', '/orders', { contact: { name: 'Après le flot' } });
  await bystander.until(() => bystander.orders.has(o.id), 'the bystander still live');
  assert.ok(bystander.socket.connected);
});

test('a message larger than the limit closes that connection only', async () => {
  const big = await open({ all: true });
  const bystander = await open({ all: true });
  const gone = whenDisconnected(big.socket);
  big.socket.emit('subscribe', { machine: 'x'.repeat(20_000) }, () => undefined);
  assert.is(await gone, 'transport close');
  const o = await api('POST', '/orders', { contact: { name: 'Après le gros message' } });
  await bystander.until(() => bystander.orders.has(o.id), 'the bystander still live');
});

test.run();
