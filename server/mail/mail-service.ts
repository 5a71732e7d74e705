import type { FastifyBaseLogger } from 'fastify';
import { placeholderValues } from '../../shared/mail-template.js';
import type { MailDraft, MailSendBody, OutboxMessage } from '../../shared/schemas/mail.js';
import type { SettingsReply, Step } from '../../shared/schemas/settings.js';
import type { Template } from '../../shared/schemas/template.js';
import { stepLabel } from '../../shared/workflow.js';
import { actorOf, type Principal } from '../domain/principal.js';
import { AppError, badRequest } from '../errors.js';
import type { ChangeEvents } from '../services/change-feed.js';
import type { OrderService } from '../services/orders.js';
import type { SettingsService } from '../services/settings.js';
import type { CatalogRepository } from '../store/catalog.js';
import type { OrderRepository, StoredHistory, StoredOrder } from '../store/orders.js';
import type { OutboxRepository, StoredMessage } from '../store/outbox.js';
import { messageView, newMessage, newMessageId, recipientOf } from './compose.js';
import type { RecordMailState } from './mail-history.js';
import { renderTemplate } from './render.js';

export interface MailServiceDeps {
  orders: OrderService;
  orderStore: OrderRepository;
  settings: SettingsService;
  templates: CatalogRepository<Omit<Template, 'id'>>;
  outbox: OutboxRepository;
  record: RecordMailState;
  /** Wakes the outbox worker. */
  kick: () => void;
  /** Domain of our Message-ID headers. */
  domain: string;
  log: FastifyBaseLogger;
  now?: () => number;
}

/** How far back the start-up recovery looks for step entries whose auto-send was never queued. */
export const RECOVERY_WINDOW_MS = 7 * 24 * 3_600_000;

const STEP_ENTRY_KINDS = new Set(['created', 'advanced', 'regressed', 'moved']);
const AUTO_ACTOR = { actor: 'Jalon', actorId: null };

/** The history entry by which the order entered `stepId`: the one at `at` if given, else the latest. */
function stepEntry(order: StoredOrder, stepId: string, at?: string): StoredHistory | undefined {
  return order.history?.findLast(
    (h) => STEP_ENTRY_KINDS.has(h.kind) && h.toStepId === stepId && (at === undefined || new Date(h.at).toISOString() === at),
  );
}

/**
 * The envelope (draft and send) and the automatic sending on entering a
 * step. Everything goes through the outbox: stored first, sent by the worker.
 */
export function mailService(deps: MailServiceDeps) {
  const { orders, orderStore, settings, templates, outbox, record, log } = deps;
  const now = deps.now ?? Date.now;

  async function templateOf(s: SettingsReply, step: Step | undefined): Promise<Template> {
    const label = step ? step.label : '?';
    if (!step?.templateId) throw new AppError(409, 'no_template', `The step "${label}" has no message template`);
    const template = await templates.get(step.templateId);
    if (!template) throw new AppError(409, 'no_template', `The template "${step.templateId}" of the step "${stepLabel(s, step.id)}" no longer exists`);
    return template;
  }

  /**
   * Stores the message, then records it as queued in the order's history, and
   * only then lets workers take it (announce), so the history reads queued
   * before sent. If the history cannot be written the message still goes out,
   * a lease later.
   */
  async function enqueue(message: StoredMessage): Promise<{ message: StoredMessage; created: boolean }> {
    const stored = await outbox.enqueue(message);
    if (!stored.created) return stored;
    try {
      await record(stored.message, stored.message.state === 'failed' ? 'failed' : 'queued', stored.message.reason);
      if (stored.message.state === 'queued') {
        await outbox.announce(stored.message._id, now());
        deps.kick();
      }
    } catch (err) {
      log.warn({ err, messageId: stored.message._id }, 'mail queued but not yet recorded in the history');
    }
    return stored;
  }

  /** GET /api/orders/:id/mail, for `who` (held to their scope on the order read). */
  async function draft(orderId: string, who: Principal): Promise<MailDraft> {
    const order = await orders.get(orderId, who);
    const s = await settings.get();
    const step = s.steps.find((st) => st.id === order.stepId);
    const template = await templateOf(s, step);
    const { subject, body } = renderTemplate(template, placeholderValues(order, s));
    const messages = (await outbox.listForOrder(orderId, 10)).map(messageView);
    return { to: order.contact.email ?? '', subject, body, stepId: order.stepId, templateId: template.id, messages };
  }

  /** POST /api/orders/:id/mail: queues the message as edited. */
  async function send(orderId: string, input: MailSendBody, who: Principal): Promise<{ message: OutboxMessage; replayed: boolean }> {
    const order = await orders.get(orderId, who);
    const to = recipientOf(order, input.to);
    if (!input.subject.trim()) throw badRequest('empty_subject', 'The message needs a subject');
    if (!input.body.trim()) throw badRequest('empty_body', 'The message is empty');
    const { message, created } = await enqueue(
      newMessage({
        key: input.opId ? `manual:${orderId}:${input.opId}` : `manual:${newMessageId()}`,
        order,
        kind: 'manual',
        stepId: order.stepId,
        to,
        subject: input.subject,
        body: input.body,
        actor: actorOf(who),
        domain: deps.domain,
        now: now(),
      }),
    );
    return { message: messageView(message), replayed: !created };
  }

  /**
   * Queues the auto-send of `step` for the entry `entry` of `stored` into it.
   * The key names the entry (its opId), so a second delivery of the same
   * change, or the recovery below, finds the message already there. A message
   * that cannot be sent (no address, broken template) is stored as failed
   * with the reason, so the supervisor sees why nothing went.
   */
  async function autoSend(stored: StoredOrder, s: SettingsReply, step: Step, entry: StoredHistory): Promise<void> {
    const key = `auto:${stored._id}:${entry.opId ?? 'created'}`;
    if (await outbox.byKey(key)) return;
    const order = orders.view(stored, s);
    let subject = step.label;
    let body = '';
    let to = order.contact.email ?? '';
    let failedReason: string | undefined;
    try {
      const template = await templateOf(s, step);
      ({ subject, body } = renderTemplate(template, placeholderValues({ ...order, stepId: step.id }, s)));
      to = recipientOf(order);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      failedReason = `Not sent automatically: ${e.message}`;
    }
    await enqueue(
      newMessage({ key, order, kind: 'auto', stepId: step.id, to, subject, body, actor: AUTO_ACTOR, domain: deps.domain, now: now(), ...(failedReason ? { failedReason } : {}) }),
    );
  }

  /** Feed listener: an order entered a step (or was created at one) whose auto-send is on. */
  async function onOrderChanged({ before, after }: ChangeEvents['order:changed'][0]): Promise<void> {
    if (before && before.stepId === after.stepId) return;
    const s = await settings.get();
    const step = s.steps.find((st) => st.id === after.stepId);
    if (!step?.autoSend || !step.templateId) return;
    const stored = await orderStore.findById(after.id);
    // The entry written with this change: its instant is the order's updatedAt. None means this
    // event was not a step entry after all (say, a mail recorded while the order moved).
    const entry = stored && after.updatedAt ? stepEntry(stored, after.stepId, after.updatedAt) : undefined;
    if (!stored || !entry) return;
    await autoSend(stored, s, step, entry);
  }

  /** Feed listener: remembers since when each step's auto-send is on (see recover). */
  async function onSettingsChanged({ settings: next, before }: ChangeEvents['settings:changed'][0]): Promise<void> {
    for (const step of next.steps) {
      const was = before.steps.find((st) => st.id === step.id);
      if (step.autoSend && !was?.autoSend) await outbox.markAutoSend(step.id, new Date(now()), false);
    }
  }

  /*
   * A node can die (or lose the database) after an order's step change is
   * written and before the listener above queues its auto-send: the feed
   * lives in memory. The change itself records the intent (`autoSend` on its
   * history entry, written with it), so the message is owed whatever happens
   * next; `sweep` queues every owed message that has no outbox row yet, at
   * start-up over RECOVERY_WINDOW_MS and then every minute over the last few
   * minutes. Entries from before intents were recorded count when auto-send
   * was on for their step when they were made (markAutoSend). Keys
   * (`auto:<order>:<opId>`) make this safe beside the live listener and on
   * every node. The price: such a message leaves a minute late.
   */
  async function sweep(windowMs: number): Promise<number> {
    const s = await settings.get();
    const t = now();
    const since = t - windowMs;
    const stepsOn = new Map<string, number>();
    for (const step of s.steps) {
      if (!step.autoSend || !step.templateId) continue;
      // First time this step is seen with auto-send: from now on, never for entries before.
      await outbox.markAutoSend(step.id, new Date(t), true);
      stepsOn.set(step.id, (await outbox.autoSendSince(step.id))?.getTime() ?? t);
    }
    let queued = 0;
    // The orders changed lately, active or just archived (bounded by the work in progress), then reads by id.
    for (const candidate of await orderStore.changedAfter(new Date(since))) {
      const stored = await orderStore.findById(candidate._id);
      const step = stored && s.steps.find((st) => st.id === stored.stepId);
      const entry = stored && step ? stepEntry(stored, step.id) : undefined;
      if (!stored || !step || !entry) continue;
      const at = new Date(entry.at).getTime();
      const markedSince = stepsOn.get(step.id);
      const owed = entry.autoSend === true || (markedSince !== undefined && at >= markedSince);
      if (!owed || at < since) continue;
      if (await outbox.byKey(`auto:${stored._id}:${entry.opId ?? 'created'}`)) continue;
      await autoSend(stored, s, step, entry);
      queued++;
    }
    if (queued) log.info({ queued }, 'queued auto-send messages the live listener had not');
    return queued;
  }

  /** At start-up: the whole recovery window (a node may have died days ago). */
  const recover = () => sweep(RECOVERY_WINDOW_MS);

  return { draft, send, onOrderChanged, onSettingsChanged, recover, sweep };
}
export type MailService = ReturnType<typeof mailService>;
