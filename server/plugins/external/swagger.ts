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
          },
        },
      },
    });
    await fastify.register(swaggerUi, { routePrefix: '/api/docs' });
  },
  { name: 'swagger' },
);
