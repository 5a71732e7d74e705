import type { FastifyInstance } from 'fastify';
import type { KioskScope } from '../../shared/schemas/auth.js';
import type { Config } from '../config.js';
import { newToken, tokenHash } from '../auth/secrets.js';

/** Demo links pair their screen during the demo's first hour only: long enough to try, short for a bearer link. */
export const DEMO_LINK_MS = 60 * 60_000;
const WALL_NAME = 'Démo — Mur';
const machineScreenName = (machine: string) => `Démo — ${machine}`;

export interface DemoScreen {
  kioskId: string;
  name: string;
  scope: KioskScope;
  /** Where the link opens, token included: `/kiosk?demo=…` or `/wall?demo=…`. */
  path: string;
}

/**
 * The demo's screens (a kiosk per machine and the wall) and the one-hour links that pair them.
 * Only the tokens' hashes are kept to find a screen; the links themselves are what the demo
 * prints and what the tablet shows its admin.
 */
export class DemoScreens {
  private readonly byHash = new Map<string, DemoScreen>();
  readonly screens: DemoScreen[] = [];

  constructor(readonly validUntil: Date) {}

  add(kioskId: string, name: string, scope: KioskScope): void {
    const token = newToken();
    const screen: DemoScreen = { kioskId, name, scope, path: `${'wall' in scope ? '/wall' : '/kiosk'}?demo=${token}` };
    this.byHash.set(tokenHash(token), screen);
    this.screens.push(screen);
  }

  find(token: string): DemoScreen | null {
    return this.byHash.get(tokenHash(token)) ?? null;
  }
}

// One set per application: its config object (one per app, shared by every plugin context) names it.
const opened = new WeakMap<Config, DemoScreens>();

/** The demo's screens, or null outside demo mode (or before the demo has opened them). */
export function demoScreensOf(config: Config): DemoScreens | null {
  return config.demo ? (opened.get(config) ?? null) : null;
}

/**
 * Makes sure the demo has a kiosk per machine and a wall (created once, found by name at the
 * next start), and issues each a link valid for the next DEMO_LINK_MS.
 */
export async function openDemoScreens(app: FastifyInstance, now = Date.now()): Promise<DemoScreens> {
  const { kiosks } = app.auth;
  const existing = await kiosks.list();
  const screens = new DemoScreens(new Date(now + DEMO_LINK_MS));
  const ensure = async (name: string, scope: KioskScope) => {
    const found = existing.find((k) => k.name === name);
    const id = found ? found.id : (await kiosks.create({ name, scope })).kiosk.id;
    screens.add(id, name, found ? found.scope : scope);
  };
  for (const m of await app.services.catalog.machines.list()) await ensure(machineScreenName(m.name), { machineId: m.id });
  await ensure(WALL_NAME, { wall: true });
  opened.set(app.config, screens);
  return screens;
}
