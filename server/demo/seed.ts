import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { defaultReworkReasons } from '../../shared/defaults.js';
import type { OrderCreate } from '../../shared/schemas/order.js';
import { systemPrincipal } from '../domain/principal.js';
import { openDemoScreens } from './screens.js';

/** The reference's four example orders (SUIVCOM manual, Ids 17–20). */
export const referenceOrders: Array<OrderCreate & { number: number; stepId: string }> = [
  { number: 17, date: '2026-05-29', contact: { id: '4', company: 'ANTIKOR', name: 'LEUZE Lara', postalCode: '08000', email: 'lara.leuze@antikor.example' }, nature: 'AUTRE', status: 'expédiée', stepId: 'livraison' },
  { number: 18, date: '2026-06-03', contact: { id: '1', company: 'SOFAR', name: 'MAROLEX Eléonore', postalCode: '75017', email: 'e.marolex@sofar.example' }, nature: 'AUTRE [DPL]', status: 'en attente', stepId: 'en-attente' },
  { number: 19, date: '2026-06-03', contact: { id: '1', company: 'SOFAR', name: 'MAROLEX Eléonore', postalCode: '75017', email: 'e.marolex@sofar.example' }, nature: 'AUTRE [DPL]', status: 'expédiée', stepId: 'livraison' },
  { number: 20, date: '2026-06-03', contact: { id: '1', company: 'SOFAR', name: 'MAROLEX Eléonore', postalCode: '75017', email: 'e.marolex@sofar.example' }, nature: 'Gestan Cloud', status: null, stepId: 'en-attente' },
];

const machines = ['Scie à ruban', 'Presse plieuse', "Poste d'assemblage", "Table d'emballage"];
const people: Array<{ name: string; role: 'operator' | 'supervisor'; username: string }> = [
  { name: 'Camille Martin', role: 'operator', username: 'camille' },
  { name: 'Youssef Benali', role: 'operator', username: 'youssef' },
  { name: 'Léa Dubois', role: 'operator', username: 'lea' },
  { name: 'Hugo Lefèvre', role: 'operator', username: 'hugo' },
  { name: 'Sophie Garnier', role: 'supervisor', username: 'sophie' },
];
const customers = [
  { company: 'ANTIKOR', name: 'LEUZE Lara', postalCode: '08000' },
  { company: 'SOFAR', name: 'MAROLEX Eléonore', postalCode: '75017' },
  { company: 'Menuiserie Perrin', name: 'PERRIN Jacques', postalCode: '69003' },
  { company: 'Atelier Nord', name: 'VASSEUR Inès', postalCode: '59000' },
  { company: 'Bâti-Ouest', name: 'LE GALL Yann', postalCode: '29200' },
  { company: 'Ferronnerie Roux', name: 'ROUX Mathilde', postalCode: '13008' },
  { company: 'Agencement Blanc', name: 'BLANC Théo', postalCode: '33000' },
  { company: 'Cuisines Moreau', name: 'MOREAU Chloé', postalCode: '44000' },
];
const natures = ['Portail acier', 'Garde-corps inox', 'Escalier hélicoïdal', 'Verrière atelier', 'Pergola alu', 'AUTRE'];

/**
 * Seeds the demo workshop once (when no order exists yet): the reference's
 * four orders, 4 machines, 5 people, and ~40 orders whose due dates are spread
 * so that green, yellow and red all show. Deterministic, so screenshots and
 * figures are comparable from run to run.
 */
export async function seedDemo(app: FastifyInstance): Promise<{ seeded: boolean }> {
  const { orders, catalog } = app.services;
  if ((await app.repos.orders.countWhere({})) > 0) {
    await announceDemo(app);
    return { seeded: false };
  }
  // The demo opens at once: without ADMIN_PASSWORD the admin gets the demo password (no setup link).
  if (await app.auth.accounts.needsSetup()) await app.auth.accounts.createAdmin(DEMO_PASSWORD);
  const s = await demoSettings(app);
  const machineIds = [];
  for (const name of machines) machineIds.push((await catalog.machines.create({ name })).id);
  const userIds = [];
  for (const [i, p] of people.entries()) {
    const id = (await catalog.users.create(p)).id;
    await app.auth.accounts.setPassword(id, DEMO_PASSWORD);
    if (p.role === 'operator') await app.auth.accounts.setPin(id, demoPin(i));
    userIds.push(id);
  }

  for (const o of referenceOrders) {
    const { stepId, ...rest } = o;
    await orders.create({ ...rest, stepId }, systemPrincipal);
  }

  let rnd = 7;
  const next = () => (rnd = (rnd * 48271) % 2147483647) / 2147483647;
  const today = DateTime.now().setZone(s.timezone).startOf('day');
  const active = s.steps.slice(0, s.steps.findIndex((st) => st.id === s.finalStepId));
  for (let i = 0; i < 40; i++) {
    const c = customers[i % customers.length];
    // -3…+12 days: overdue, due soon and comfortable orders; a few without a due date.
    const dueOffset = Math.floor(next() * 16) - 3;
    const step = i < 36 ? active[Math.floor(next() * active.length)] : s.steps[s.steps.length - 2];
    await orders.create(
      {
        date: today.minus({ days: 5 + Math.floor(next() * 20) }).toISODate()!,
        contact: { ...c, id: String(100 + (i % customers.length)), email: `contact${i % customers.length}@example.com` },
        nature: natures[i % natures.length],
        customerRef: `BC-${2026}${String(1000 + i * 7).padStart(5, '0')}`,
        status: s.statuses[Math.floor(next() * 2)] ?? null,
        stepId: step.id,
        dueDate: i % 9 === 4 ? null : today.plus({ days: dueOffset }).toISODate()!,
        machineId: machineIds[i % machineIds.length],
        assigneeId: userIds[i % 4],
      },
      systemPrincipal,
    );
  }
  app.log.info(`demo data: ${referenceOrders.length + 40} orders, ${machines.length} machines, ${people.length} people`);
  await announceDemo(app);
  return { seeded: true };
}

/**
 * The demo shows the insight screens' settings at work: the rework reasons
 * (the defaults, when the workshop has none) and a WIP limit on Découpage
 * and Assemblage, which the seeded orders reach, so the wall shows a column at
 * and above its limit.
 */
async function demoSettings(app: FastifyInstance) {
  const { settings } = app.services;
  const s = await settings.get();
  const { seq, ...rest } = s;
  void seq;
  const limits: Record<string, number> = { decoupage: 6, assemblage: 8 };
  return settings.put({
    ...rest,
    reworkReasons: s.reworkReasons?.length ? s.reworkReasons : defaultReworkReasons,
    steps: s.steps.map((st) => (st.wipLimit === undefined && limits[st.id] ? { ...st, wipLimit: limits[st.id] } : st)),
  });
}

/** Every demo account signs in with this password (and `admin` too, unless ADMIN_PASSWORD chose another). */
export const DEMO_PASSWORD = 'jalon-demo';
/** Operators' kiosk PINs: 1111, 2222, 3333, 4444. */
const demoPin = (i: number) => String(i + 1).repeat(4);

/** Prints the accounts and, beside them, one link per demo screen that pairs the browser opening it. */
async function announceDemo(app: FastifyInstance): Promise<void> {
  const admin = app.config.adminPassword ? 'admin / (ADMIN_PASSWORD)' : `admin / ${DEMO_PASSWORD}`;
  const others = people.map((p, i) => `${p.username} / ${DEMO_PASSWORD} (${p.role}${p.role === 'operator' ? `, PIN ${demoPin(i)}` : ''})`);
  app.log.info(`Demo accounts: ${admin} · ${others.join(' · ')}`);
  const screens = await openDemoScreens(app);
  app.log.info(`Demo screens: open a link on the screen to pair it (valid until ${screens.validUntil.toISOString()})`);
  for (const s of screens.screens) app.log.info(`Demo screen ${s.name}: ${app.config.publicUrl}${s.path}`);
}
