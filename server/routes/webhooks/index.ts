import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { DeliveryParams, Webhook, WebhookCreate, WebhookCreated, WebhookDelivery, WebhookPatch } from '../../../shared/schemas/integration-access.js';
import { access } from '../access-level.js';

/**
 * Signed webhooks (admin only: a webhook makes the server call any address
 * it can reach, internal ones included). Deliveries and redelivery.
 */
const webhooks: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['webhooks'];
  const svc = () => fastify.webhooks.service;
  const admin = access('admin');

  fastify.get('/webhooks', { config: admin, schema: { tags, response: { 200: Type.Array(Webhook) } } }, async () => svc().list());
  fastify.post('/webhooks', { config: admin, schema: { tags, body: WebhookCreate, response: { 201: WebhookCreated } } }, async (request, reply) => {
    const created = await svc().create(request.body);
    request.log.info({ event: 'webhook_created', webhookId: created.webhook.id, url: created.webhook.url, by: request.principal.id }, 'security: webhook created');
    return reply.status(201).send(created);
  });
  fastify.get('/webhooks/:id', { config: admin, schema: { tags, params: IdParams, response: { 200: Webhook } } }, async (request) => svc().get(request.params.id));
  fastify.patch(
    '/webhooks/:id',
    { config: admin, schema: { tags, params: IdParams, body: WebhookPatch, response: { 200: Webhook } } },
    async (request) => svc().update(request.params.id, request.body),
  );
  fastify.delete(
    '/webhooks/:id',
    { config: admin, schema: { tags, params: IdParams, response: { 204: Type.Null({ description: 'Removed' }) } } },
    async (request, reply) => {
      await svc().remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
  fastify.get(
    '/webhooks/:id/deliveries',
    { config: admin, schema: { tags, params: IdParams, response: { 200: Type.Array(WebhookDelivery) } } },
    async (request) => svc().deliveries(request.params.id),
  );
  fastify.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    { config: admin, schema: { tags, params: DeliveryParams, response: { 200: WebhookDelivery } } },
    async (request) => svc().redeliver(request.params.id, request.params.deliveryId),
  );
};
export default webhooks;
