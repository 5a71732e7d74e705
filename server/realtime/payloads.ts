import type { TSchema, Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ResyncPayload, SubscribePayload, type ErrorAck } from '../../shared/events.js';

export type Ack = (reply: unknown) => void;

export const errorAck = (code: string, message: string): ErrorAck => ({ error: { code, message } });

/**
 * The arguments of an incoming event, checked at run time: socket.io hands
 * over whatever the client sent, so the types of ClientToServerEvents prove
 * nothing. Expects exactly `(payload, ack)`.
 */
export type Parsed<T> = { ok: true; payload: T; ack: Ack } | { ok: false; ack: Ack | null; error: ErrorAck };

function compile<S extends TSchema>(schema: S) {
  const check = TypeCompiler.Compile(schema);
  return (args: unknown[]): Parsed<Static<S>> => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as Ack) : null;
    if (!ack) return { ok: false, ack: null, error: errorAck('missing_ack', 'This event needs an acknowledgement callback') };
    if (args.length !== 2) {
      return { ok: false, ack, error: errorAck('invalid_payload', 'Expected one payload object and an acknowledgement callback') };
    }
    const payload = args[0];
    if (!check.Check(payload)) {
      const first = check.Errors(payload).First();
      const where = first?.path ? ` at ${first.path}` : '';
      return { ok: false, ack, error: errorAck('invalid_payload', `Invalid payload${where}: ${first?.message ?? 'unexpected value'}`) };
    }
    return { ok: true, payload, ack };
  };
}

export const parseSubscribe = compile(SubscribePayload);
export const parseResync = compile(ResyncPayload);
