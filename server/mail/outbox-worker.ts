import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { MailTimings } from '../config.js';
import { queueWorker } from '../services/queue-worker.js';
import type { MessageSummary, OutboxRepository, StoredMessage } from '../store/outbox.js';
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
 * temporary failure, or `failed` with the server's reason. The loop (woken at
 * once by a new message, and every `pollMs` for retries and for messages whose
 * node died while sending them) is the queues' own, services/queue-worker.ts.
 */
export function outboxWorker(deps: OutboxWorkerDeps) {
  const { outbox, transport, timings, record, log } = deps;
  const now = deps.now ?? Date.now;
  const id = deps.id ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

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

  const loop = queueWorker<MessageSummary, StoredMessage>({
    due: (t, limit) => outbox.due(t, timings.leaseMs, limit),
    claim: (candidate, t) => outbox.claim(candidate, id, t, timings.leaseMs),
    run: deliver,
    pollMs: timings.pollMs,
    log,
    name: 'outbox',
    now,
    batch: BATCH,
  });

  return { id, ...loop };
}
export type OutboxWorker = ReturnType<typeof outboxWorker>;
