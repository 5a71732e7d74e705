import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { MailTimings } from '../config.js';
import type { OutboxRepository, StoredMessage } from '../store/outbox.js';
import type { RecordMailState } from './mail-history.js';
import { classifyFailure, type MailTransport } from './transport.js';

export interface OutboxWorkerDeps {
  outbox: OutboxRepository;
  transport: MailTransport;
  timings: MailTimings;
  record: RecordMailState;
  log: FastifyBaseLogger;
  /** Names this worker in claims; unique per process by default. */
  id?: string;
  now?: () => number;
}

/** How many due messages one pass looks at before it looks again. */
const BATCH = 20;

/** Exponential backoff with ±20 % jitter, so that many deferred messages do not all come back at once. */
export function retryDelay(attempts: number, t: Pick<MailTimings, 'retryBaseMs' | 'retryMaxMs'>, random = Math.random): number {
  const exp = Math.min(t.retryMaxMs, t.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}

/**
 * Sends what the outbox holds: claims a due message (see outboxRepository.claim),
 * sends it, then records `sent`/`written`, a retry with backoff after a
 * temporary failure, or `failed` with the server's reason. Woken at once by a
 * new message, and every `pollMs` for retries and for messages whose node
 * died while sending them (lease).
 */
export function outboxWorker(deps: OutboxWorkerDeps) {
  const { outbox, transport, timings, record, log } = deps;
  const now = deps.now ?? Date.now;
  const id = deps.id ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  /** Set by stop(): the pass in progress finishes its message and claims no more. */
  let halting = false;

  async function deliver(message: StoredMessage): Promise<void> {
    const attempt = message.attempts;
    try {
      const delivery = await transport.send({
        id: message._id,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headerMessageId: message.headerMessageId,
        auto: message.kind === 'auto',
        orderNumber: message.orderNumber,
      });
      const done = await outbox.finish(
        message._id,
        attempt,
        id,
        { state: delivery.state, response: delivery.response, ...(delivery.file ? { file: delivery.file } : {}), finishedAt: new Date(now()) },
        now(),
      );
      if (done) await record(done, delivery.state);
    } catch (err) {
      const failure = classifyFailure(err);
      const givingUp = !failure.permanent && attempt >= timings.maxAttempts;
      const final = failure.permanent || givingUp;
      const reason = givingUp ? `Gave up after ${attempt} attempts: ${failure.reason}` : failure.reason;
      log.warn({ messageId: message._id, attempt, permanent: failure.permanent, reason }, final ? 'mail failed' : 'mail deferred');
      const done = await outbox.finish(
        message._id,
        attempt,
        id,
        final
          ? { state: 'failed', reason, finishedAt: new Date(now()) }
          : { state: 'queued', reason, nextAttemptAt: new Date(now() + retryDelay(attempt, timings)) },
        now(),
      );
      // The history gets the first deferral and the outcome, not every retry.
      if (done && (final || attempt === 1)) await record(done, final ? 'failed' : 'retrying', reason);
    }
  }

  /** One pass: claims and sends due messages until none is left. Answers how many it handled. */
  async function drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const due = await outbox.due(now(), timings.leaseMs, BATCH);
      let claimed = 0;
      for (const candidate of due) {
        if (halting) return handled + claimed;
        const message = await outbox.claim(candidate, id, now(), timings.leaseMs);
        if (!message) continue;
        claimed++;
        await deliver(message);
      }
      handled += claimed;
      // A full batch may hide more due messages; a batch taken by other workers ends the pass.
      if (due.length < BATCH || claimed === 0) return handled;
    }
  }

  function schedule(delay: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
  }

  function tick() {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (err) {
          // The database is down or a send crashed: the messages stay in the outbox for the next pass.
          log.warn({ err }, 'outbox pass failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
      schedule(timings.pollMs);
    });
  }

  return {
    id,
    start() {
      if (!stopped) return;
      stopped = false;
      halting = false;
      schedule(0);
    },
    /** A message was queued: look at once rather than at the next poll. */
    kick() {
      if (stopped) return;
      if (running) again = true;
      else schedule(0);
    },
    /** Stops polling and waits for the message being sent, if any. */
    async stop() {
      stopped = true;
      halting = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    /** One pass now, for tools and tests that run without the timer. */
    drain,
  };
}
export type OutboxWorker = ReturnType<typeof outboxWorker>;
