import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { MailDraft, MailSendBody, OutboxMessage } from '../../../shared/schemas/mail.js';
import { access } from '../access-level.js';

/**
 * The envelope: the message prefilled from the current step's template, and
 * its sending through the outbox (202: queued, the state follows in the
 * order's history). A replayed `opId` answers the same message with the
 * header `Idempotent-Replayed: true`.
 */
const mail: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['orders', 'mail'];

  fastify.get(
    '/orders/:id/mail',
    { config: access('operator'), schema: { tags, params: IdParams, response: { 200: MailDraft } } },
    async (request) => fastify.mail.draft(request.params.id, request.principal),
  );

  fastify.post(
    '/orders/:id/mail',
    { config: access('supervisor'), schema: { tags, params: IdParams, body: MailSendBody, response: { 202: OutboxMessage } } },
    async (request, reply) => {
      const { message, replayed } = await fastify.mail.send(request.params.id, request.body, request.principal);
      if (replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.status(202).send(message);
    },
  );
};
export default mail;
