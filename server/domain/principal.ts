import type { Role } from '../../shared/schemas/people.js';

/** Who is asking: a signed-in person, a paired kiosk (acting for its scope), or the server itself. */
export interface Principal {
  kind: 'user' | 'kiosk' | 'system';
  id: string | null;
  name: string;
  role: Role;
  /** A kiosk's scope: one machine, one person, or the whole workshop (wall). */
  scope?: { machineId?: string; assigneeId?: string; wall?: boolean };
}

export const systemPrincipal: Principal = { kind: 'system', id: null, name: 'Jalon', role: 'admin' };

/** What the history records as the actor of a change. */
export function actorOf(p: Principal): { actor: string; actorId: string | null } {
  return { actor: p.name, actorId: p.id };
}
