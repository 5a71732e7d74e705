/**
 * The socket half of `npm run fuzz`: generated Socket.IO events against a
 * running server, for a bounded time, from several kinds of callers at once.
 * Well-formed events come from the TypeBox schemas of shared/events.ts
 * (through fast-check); malformed ones are anything at all: other values,
 * extra or missing arguments, unknown event names, no acknowledgement.
 * Every event that carries an acknowledgement must be answered — with a
 * result or an `{error: {code, message}}` — within a few seconds.
 */
import type { TSchema } from '@sinclair/typebox';
import fc from 'fast-check';
import { io as connect, type Socket } from 'socket.io-client';
import { ResyncPayload, SubscribePayload } from '../shared/events.js';

/** An arbitrary for the few TypeBox shapes the socket payloads use. */
export function arbitraryOf(schema: TSchema): fc.Arbitrary<unknown> {
  const s = schema as TSchema & Record<string, unknown>;
  if (Array.isArray(s.anyOf)) return fc.oneof(...(s.anyOf as TSchema[]).map(arbitraryOf));
  if (s.const !== undefined) return fc.constant(s.const);
  switch (s.type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, TSchema>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryOf(v)]));
      return fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    case 'string':
      return typeof s.pattern === 'string' ? fc.stringMatching(new RegExp(s.pattern)) : fc.string({ maxLength: (s.maxLength as number | undefined) ?? 40 });
    case 'integer':
      return fc.integer({ min: (s.minimum as number | undefined) ?? -1e9, max: (s.maximum as number | undefined) ?? 1e9 });
    case 'number':
      return fc.double();
    case 'boolean':
      return fc.boolean();
    default:
      return fc.anything();
  }
}

type Sent = { event: string; args: unknown[]; acked: boolean };

/** One event to send: well-formed most of the time, malformed otherwise. */
const anEvent: fc.Arbitrary<Sent> = fc.oneof(
  { weight: 4, arbitrary: arbitraryOf(SubscribePayload).map((p) => ({ event: 'subscribe', args: [p], acked: true })) },
  { weight: 4, arbitrary: arbitraryOf(ResyncPayload).map((p) => ({ event: 'resync', args: [p], acked: true })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('subscribe', 'resync'), fc.anything()).map(([event, p]) => ({ event, args: [p], acked: true })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('subscribe', 'resync'), fc.array(fc.anything(), { maxLength: 3 })).map(([event, args]) => ({ event, args, acked: true })),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('subscribe', 'resync'), fc.anything()).map(([event, p]) => ({ event, args: [p], acked: false })) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.anything()).map(([event, p]) => ({ event, args: [p], acked: true })) },
);

export interface SocketFuzzResult {
  sent: number;
  answered: number;
  /** Of the answered: `{error}` acks, by code. */
  refused: Record<string, number>;
  /** Sent without an acknowledgement: nothing to answer. */
  withoutAck: number;
  /** Sent with one and never answered: must be 0. */
  unanswered: number;
  /** Connections the server cut (event budget, oversize message): reconnected. */
  cut: number;
}

/**
 * Sends generated events from one socket per cookie for `seconds`, each
 * socket paced under the server's per-socket budget (30 events, 5 per second),
 * so that what is measured is the handling of events, not the flood guard.
 */
export async function fuzzSockets(url: string, cookies: string[], seconds: number): Promise<SocketFuzzResult> {
  const result: SocketFuzzResult = { sent: 0, answered: 0, refused: {}, withoutAck: 0, unanswered: 0, cut: 0 };
  const until = Date.now() + seconds * 1000;
  const open = (cookie: string): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const pending = new Set<Promise<void>>();

  async function drive(cookie: string) {
    let socket = await open(cookie);
    const samples = fc.sample(anEvent, { numRuns: Math.ceil(seconds * 5) + 10 });
    for (let i = 0; Date.now() < until; i++) {
      if (!socket.connected) {
        result.cut++;
        socket.close();
        socket = await open(cookie);
      }
      const e = samples[i % samples.length];
      result.sent++;
      if (!e.acked) {
        result.withoutAck++;
        socket.emit(e.event, ...e.args);
      } else {
        const answered = socket
          .timeout(5000)
          .emitWithAck(e.event, ...e.args)
          .then(
            (reply: unknown) => {
              result.answered++;
              const code = (reply as { error?: { code?: string } } | null)?.error?.code;
              if (code) result.refused[code] = (result.refused[code] ?? 0) + 1;
            },
            () => {
              // A socket the server cut meanwhile cannot answer: counted as cut when noticed, not as unanswered.
              if (socket.connected) result.unanswered++;
            },
          );
        pending.add(answered);
        void answered.finally(() => pending.delete(answered));
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await Promise.all(pending);
    socket.close();
  }

  await Promise.all(cookies.map(drive));
  return result;
}
