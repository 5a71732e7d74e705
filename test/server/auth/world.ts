import type { FastifyInstance, InjectOptions } from 'fastify';
import { adminCookie, body, pairKiosk, signInAs, TEST_ADMIN_PASSWORD } from '../../helper.js';

/** The callers of the permission matrix. `kioskIn` and `kioskOut` are the same kiosk of machine A, aimed at A's and at B's orders. */
export const WHO = ['anonymous', 'kioskIn', 'kioskOut', 'wall', 'operator', 'supervisor', 'admin'] as const;
export type Who = (typeof WHO)[number];

export type Person = Awaited<ReturnType<typeof signInAs>>;

/** A small workshop: two machines, a kiosk on A, a wall, an operator, a supervisor, the admin. */
export interface World {
  app: FastifyInstance;
  machineA: string;
  machineB: string;
  kioskA: { id: string; cookie: string };
  wall: { id: string; cookie: string };
  operator: Person;
  supervisor: Person;
  admin: Person;
  /** Someone with a PIN (for the kiosk's operator sign-in). */
  pinUser: { id: string; pin: string };
  cookieOf(who: Who): string;
  /** As the admin, whatever the test is checking. */
  asAdmin: (opts: InjectOptions) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
  /** A fresh order seen from `who`: on machine B for `kioskOut`, assigned to the operator for `operator`, on machine A otherwise. */
  order(who: Who, fields?: Record<string, unknown>): Promise<{ id: string; stepId: string; version: number }>;
}

export async function buildWorld(app: FastifyInstance): Promise<World> {
  const admin = await adminCookie(app);
  const asAdmin = (opts: InjectOptions) => app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie: admin } });
  const machine = async (name: string) => body((await asAdmin({ method: 'POST', url: '/api/machines', payload: { name } }))).id as string;
  const machineA = await machine('Machine A');
  const machineB = await machine('Machine B');
  const kioskA = await pairKiosk(app, { machineId: machineA }, { name: 'Kiosk A' });
  const wall = await pairKiosk(app, { wall: true }, { name: 'Wall' });
  const operator = await signInAs(app, 'operator');
  const supervisor = await signInAs(app, 'supervisor');
  const pinPerson = await signInAs(app, 'operator');
  const pin = '4821';
  const setPin = await asAdmin({ method: 'PUT', url: `/api/auth/users/${pinPerson.id}/pin`, payload: { pin } });
  if (setPin.statusCode !== 204) throw new Error(setPin.body);
  const me = body(await asAdmin({ method: 'GET', url: '/api/auth/me' }));

  const world: World = {
    app,
    machineA,
    machineB,
    kioskA,
    wall,
    operator,
    supervisor,
    admin: { id: me.id, username: 'admin', password: TEST_ADMIN_PASSWORD, cookie: admin },
    pinUser: { id: pinPerson.id, pin },
    cookieOf(who) {
      switch (who) {
        case 'anonymous':
          return '';
        case 'kioskIn':
        case 'kioskOut':
          return kioskA.cookie;
        case 'wall':
          return wall.cookie;
        case 'operator':
          return world.operator.cookie;
        case 'supervisor':
          return world.supervisor.cookie;
        case 'admin':
          return world.admin.cookie;
      }
    },
    asAdmin,
    async order(who, fields = {}) {
      const res = await asAdmin({
        method: 'POST',
        url: '/api/orders',
        payload: {
          contact: { name: 'Client', email: 'client@example.com' },
          machineId: who === 'kioskOut' ? machineB : machineA,
          assigneeId: who === 'operator' ? world.operator.id : null,
          ...fields,
        },
      });
      if (res.statusCode !== 201) throw new Error(`order: ${res.statusCode} ${res.body}`);
      return body(res);
    },
  };
  return world;
}
