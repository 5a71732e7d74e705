import type { Kiosk, KioskCreate, KioskUpdate, KioskWithCode, LoginReply } from '../../../shared/schemas/auth.js';
import type { DemoLinks } from '../../../shared/schemas/demo.js';
import type { ScreenCodeClaim } from '../../../shared/schemas/scan.js';
import type { Order, OrderCreate, OrderPatch } from '../../../shared/schemas/order.js';
import type { Machine, MachineInput, User, UserInput } from '../../../shared/schemas/people.js';
import type { Settings, SettingsReply } from '../../../shared/schemas/settings.js';
import type { Template, TemplateInput } from '../../../shared/schemas/template.js';
import { Api } from '../common/api.js';
import { newOpId } from '../common/op-id.js';

const enc = encodeURIComponent;

/**
 * What the supervisor tablet calls beyond the kiosk's REST client: sign-in, order editing and
 * moves, settings, templates, people, machines and kiosks — the routes of SPEC §3 as implemented.
 */
export class SupervisorApi extends Api {
  login(username: string, password: string): Promise<LoginReply> {
    return this.request('POST', '/api/auth/login', { username, password });
  }
  /** First start without ADMIN_PASSWORD: the one-time link from the server's log chooses the admin's password. */
  setup(token: string, password: string): Promise<LoginReply> {
    return this.request('POST', '/api/auth/setup', { token, password });
  }
  logout(): Promise<null> {
    return this.request('POST', '/api/auth/logout');
  }

  createOrder(body: OrderCreate): Promise<Order> {
    return this.request('POST', '/api/orders', body);
  }
  editOrder(id: string, body: OrderPatch): Promise<Order> {
    return this.request('PATCH', `/api/orders/${enc(id)}`, body);
  }
  moveOrder(id: string, body: { expectedStepId: string; toStepId: string; comment?: string; reasonCode?: string }): Promise<Order> {
    return this.request('POST', `/api/orders/${enc(id)}/move`, { ...body, opId: newOpId() });
  }
  allOrders(): Promise<{ orders: Order[]; seq: number }> {
    return this.request('GET', '/api/orders?all=1');
  }

  /** Saves the settings edited from `expectedSeq`: someone else's save since is a 409 stale_settings. */
  saveSettings(s: Settings, expectedSeq: number): Promise<SettingsReply> {
    return this.request('PUT', '/api/settings', { ...s, expectedSeq });
  }

  templates(): Promise<Template[]> {
    return this.request('GET', '/api/templates');
  }
  createTemplate(t: TemplateInput): Promise<Template> {
    return this.request('POST', '/api/templates', t);
  }
  saveTemplate(id: string, t: TemplateInput): Promise<Template> {
    return this.request('PUT', `/api/templates/${enc(id)}`, t);
  }
  removeTemplate(id: string): Promise<null> {
    return this.request('DELETE', `/api/templates/${enc(id)}`);
  }

  createUser(u: UserInput): Promise<User> {
    return this.request('POST', '/api/users', u);
  }
  saveUser(id: string, u: UserInput): Promise<User> {
    return this.request('PUT', `/api/users/${enc(id)}`, u);
  }
  removeUser(id: string): Promise<null> {
    return this.request('DELETE', `/api/users/${enc(id)}`);
  }
  setPassword(id: string, password: string): Promise<null> {
    return this.request('PUT', `/api/auth/users/${enc(id)}/password`, { password });
  }
  setPin(id: string, pin: string): Promise<null> {
    return this.request('PUT', `/api/auth/users/${enc(id)}/pin`, { pin });
  }
  removePin(id: string): Promise<null> {
    return this.request('DELETE', `/api/auth/users/${enc(id)}/pin`);
  }

  createMachine(m: MachineInput): Promise<Machine> {
    return this.request('POST', '/api/machines', m);
  }
  saveMachine(id: string, m: MachineInput): Promise<Machine> {
    return this.request('PUT', `/api/machines/${enc(id)}`, m);
  }
  removeMachine(id: string): Promise<null> {
    return this.request('DELETE', `/api/machines/${enc(id)}`);
  }

  kiosks(): Promise<Kiosk[]> {
    return this.request('GET', '/api/kiosks');
  }
  /** Demo mode: the links that pair the demo's screens in one click (none outside demo mode). */
  demoLinks(): Promise<DemoLinks> {
    return this.request('GET', '/api/kiosks/demo-links');
  }
  /** Pairing by QR: the waiting screen showing `code` becomes this kiosk (it collects its token by itself). */
  claimScreen(body: ScreenCodeClaim): Promise<{ kiosk: Kiosk }> {
    return this.request('POST', '/api/kiosks/screen-code/claim', body);
  }
  createKiosk(k: KioskCreate): Promise<KioskWithCode> {
    return this.request('POST', '/api/kiosks', k);
  }
  saveKiosk(id: string, k: KioskUpdate): Promise<Kiosk> {
    return this.request('PUT', `/api/kiosks/${enc(id)}`, k);
  }
  newKioskCode(id: string): Promise<KioskWithCode> {
    return this.request('POST', `/api/kiosks/${enc(id)}/code`);
  }
  revokeKiosk(id: string): Promise<null> {
    return this.request('DELETE', `/api/kiosks/${enc(id)}`);
  }
}

let current: SupervisorApi | null = null;

/** The page's client for the supervisor tablet, created on first use. */
export function supervisorApi(): SupervisorApi {
  current ??= new SupervisorApi();
  return current;
}
