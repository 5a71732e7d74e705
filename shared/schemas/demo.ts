import { Type, type Static } from '@sinclair/typebox';
import { KioskScope } from './auth.js';
import { Instant } from './common.js';

/** `POST /api/kiosks/demo-pair`: the token of a demo link (`/kiosk?demo=…`). */
export const DemoPairBody = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });
export type DemoPairBody = Static<typeof DemoPairBody>;

/** `GET /api/kiosks/demo-links`: the demo's one-click screen links, while they are valid. */
export const DemoLinks = Type.Object({
  demo: Type.Boolean({ description: 'The server runs in demo mode (DEMO=1); outside it there are no links' }),
  validUntil: Type.Union([Instant, Type.Null()]),
  links: Type.Array(Type.Object({ name: Type.String(), scope: KioskScope, path: Type.String({ description: 'Opens the screen and pairs it: /kiosk?demo=… or /wall?demo=…' }) })),
});
export type DemoLinks = Static<typeof DemoLinks>;
