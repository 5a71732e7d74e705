import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Kiosk, KioskOperator, Me } from '../../../shared/schemas/auth.js';
import type { MailDraft, MailSendBody, OutboxMessage } from '../../../shared/schemas/mail.js';
import type { Order } from '../../../shared/schemas/order.js';
import type { Machine, User } from '../../../shared/schemas/people.js';
import type { OrderWhereabouts, ScreenCode, ScreenCodeWaitReply } from '../../../shared/schemas/scan.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';

/** A refusal from the server, with its status and the body (`{ error: {code, message}, order? }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
    /** Seconds to wait before trying again (`Retry-After` of a 429), when the server said. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** The server could not be reached at all (offline, server down, proxy cut). */
export class NetworkError extends Error {}

export type { MailDraft };

/** One Previous (`regress`) or Next (`advance`) as sent to `POST /api/orders/:id/<kind>`. */
export interface TransitionCall {
  orderId: string;
  kind: 'advance' | 'regress';
  expectedStepId: string;
  opId: string;
  comment?: string;
  reasonCode?: string;
  /** Who made it: the server refuses it under another operator's PIN turn (409 operator_changed). */
  by?: { operatorId?: string };
}

/** The REST client. Cookies flow (`same-origin`) so the session and device cookies authenticate it. */
export class Api {
  constructor(private readonly base = '') {}

  protected async request<T>(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<T> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        signal: ctrl.signal,
        cache: 'no-store',
      });
    } catch (e) {
      throw new NetworkError(e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // A proxy or a dying server may answer HTML; treat it as unreachable rather than as a refusal.
      if (res.status >= 500) throw new NetworkError(`HTTP ${res.status}`);
    }
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      const retry = Number(res.headers.get('retry-after'));
      throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, data, retry > 0 ? retry : undefined);
    }
    return data as T;
  }

  settings(): Promise<SettingsReply> {
    return this.request('GET', '/api/settings');
  }

  orders(filter: OrderFilter): Promise<{ orders: Order[]; seq: number }> {
    const p = new URLSearchParams();
    if (filter.stepId) p.set('step', filter.stepId);
    if (filter.assigneeId) p.set('assignee', filter.assigneeId);
    if (filter.machineId) p.set('machine', filter.machineId);
    if (filter.q?.trim()) p.set('q', filter.q.trim());
    if (filter.all) p.set('all', '1');
    const qs = p.toString();
    return this.request('GET', `/api/orders${qs ? `?${qs}` : ''}`);
  }

  order(id: string): Promise<Order> {
    return this.request('GET', `/api/orders/${encodeURIComponent(id)}`);
  }

  users(): Promise<User[]> {
    return this.request('GET', '/api/users');
  }

  machines(): Promise<Machine[]> {
    return this.request('GET', '/api/machines');
  }

  mail(id: string): Promise<MailDraft> {
    return this.request('GET', `/api/orders/${encodeURIComponent(id)}/mail`);
  }

  /** Queues the envelope's message in the server's outbox (202); the state then follows in the history. */
  sendMail(id: string, body: MailSendBody): Promise<OutboxMessage> {
    return this.request('POST', `/api/orders/${encodeURIComponent(id)}/mail`, body);
  }

  /** Pairs this device with a kiosk by its one-time code; the server sets the device cookie. */
  pair(code: string): Promise<{ kiosk: Kiosk }> {
    return this.request('POST', '/api/kiosks/pair', { code });
  }

  /** An unpaired screen's own code, shown as a QR for the tablet to claim (pairing by QR). */
  screenCode(): Promise<ScreenCode> {
    return this.request('POST', '/api/kiosks/screen-code');
  }

  /** Claimed yet? Once claimed, this answer pairs the device (the server sets its cookie). */
  screenCodeWait(code: string, token: string): Promise<ScreenCodeWaitReply> {
    return this.request('POST', '/api/kiosks/screen-code/wait', { code, token });
  }

  /** Where an order this screen does not show is (its machine or person), by number. */
  whereabouts(number: number): Promise<OrderWhereabouts> {
    return this.request('GET', `/api/kiosks/whereabouts/${number}`);
  }

  /** Demo mode: pairs this device with a demo screen by the token of its link (`?demo=…`). */
  pairDemo(token: string): Promise<{ kiosk: Kiosk }> {
    return this.request('POST', '/api/kiosks/demo-pair', { token });
  }

  /** Who this browser is: a paired kiosk (its scope, PIN rule and current operator) or a signed-in person. */
  whoami(): Promise<Me> {
    return this.request('GET', '/api/auth/me');
  }

  /** An operator's PIN on a paired kiosk: Previous/Next are signed by that person for the kiosk's `pinMinutes`. */
  signInOperator(userId: string, pin: string): Promise<KioskOperator> {
    return this.request('POST', '/api/kiosks/operator', { userId, pin });
  }

  /** Ends the operator's turn on this kiosk: the next action asks a PIN again. */
  signOutOperator(): Promise<null> {
    return this.request('DELETE', '/api/kiosks/operator');
  }

  transition(t: TransitionCall): Promise<Order> {
    const body: Record<string, string> = { expectedStepId: t.expectedStepId, opId: t.opId };
    if (t.kind === 'regress') body['comment'] = t.comment ?? '';
    if (t.kind === 'regress' && t.reasonCode) body['reasonCode'] = t.reasonCode;
    if (t.by?.operatorId) body['operatorId'] = t.by.operatorId;
    return this.request('POST', `/api/orders/${encodeURIComponent(t.orderId)}/${t.kind}`, body);
  }
}
