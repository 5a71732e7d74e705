import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { access } from '../access-level.js';

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/health',
    {
      config: access('public'),
      schema: {
        tags: ['health'],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), db: Type.Literal('up') }),
          503: Type.Object({ status: Type.Literal('degraded'), db: Type.Literal('down') }),
        },
      },
    },
    async (_request, reply) => {
      if (await fastify.db.ping()) return { status: 'ok' as const, db: 'up' as const };
      return reply.status(503).send({ status: 'degraded' as const, db: 'down' as const });
    },
  );
};
export default health;
