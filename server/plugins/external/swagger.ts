import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorBody } from '../../../shared/schemas/common.js';

/** OpenAPI generated from the route schemas (the TypeBox ones of shared/), served at /api/docs. */
export default fp(
  async (fastify) => {
    fastify.addSchema(ErrorBody);
    await fastify.register(swagger, {
      openapi: {
        info: { title: 'Jalon API', version: '1.0.0', description: 'Real-time order tracking for workshop floors' },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'jalon_session' },
            device: { type: 'apiKey', in: 'cookie', name: 'jalon_device' },
            // An ERP's API token (POST /api/tokens): accepted only by the routes whose `security` lists it, within its scopes.
            bearer: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'jalon_…',
              description:
                'API token: `Authorization: Bearer jalon_…`. Scopes: `orders:read` (GET/HEAD of /api/orders…), `orders:write` (the other methods of /api/orders…, mail excepted), `catalog:read` (GET of machines, users, settings). 403 `token_scope` elsewhere.',
            },
          },
        },
      },
    });
    await fastify.register(swaggerUi, { routePrefix: '/api/docs' });
  },
  { name: 'swagger' },
);
