import fp from 'fastify-plugin';
import type { Principal } from '../domain/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/**
 * Until a person signs in or a kiosk is paired (auth plugin), requests act as
 * the workshop itself. The auth plugin replaces this value per request.
 */
export default fp(
  async (fastify) => {
    fastify.decorateRequest('principal', null as unknown as Principal);
    fastify.addHook('onRequest', async (request) => {
      request.principal = { kind: 'system', id: null, name: 'Atelier', role: 'admin' };
    });
  },
  { name: 'principal' },
);
