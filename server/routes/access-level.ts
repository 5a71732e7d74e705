/**
 * Who may call a route, declared on the route itself (`config: access(...)`)
 * and enforced in one place by the auth plugin. `operator` covers paired
 * kiosks, limited to their scope.
 */
export type AccessLevel = 'public' | 'operator' | 'supervisor' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessLevel;
  }
}

export const access = (level: AccessLevel) => ({ access: level });
