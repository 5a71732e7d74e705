import type { TokenScope } from '../../shared/schemas/integration-access.js';
import type { Role } from '../../shared/schemas/people.js';

/** Who is asking: a signed-in person, a paired kiosk (acting for its scope), an ERP's API token, or the server itself. */
export interface Principal {
  kind: 'user' | 'kiosk' | 'token' | 'system';
  id: string | null;
  name: string;
  role: Role;
  /** A kiosk's scope: one machine, one person, or the whole workshop (wall). */
  scope?: { machineId?: string; assigneeId?: string; wall?: boolean };
  /** On a kiosk that asks for a PIN: the person who typed theirs, named in the history. */
  operator?: { id: string; name: string };
  /** The stored id of the session a signed-in person came with, so that signing out can end its live connections. */
  session?: string;
  /** An API token's scopes: what it may call (auth/permissions.ts `tokenScopeFor`), whatever its role. */
  tokenScopes?: TokenScope[];
}

export const systemPrincipal: Principal = { kind: 'system', id: null, name: 'Jalon', role: 'admin' };

/** What the history records as the actor of a change. */
export function actorOf(p: Principal): { actor: string; actorId: string | null } {
  if (p.operator) return { actor: p.operator.name, actorId: p.operator.id };
  return { actor: p.name, actorId: p.id };
}
