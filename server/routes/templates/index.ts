import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../../../shared/schemas/common.js';
import { Template, TemplateInput } from '../../../shared/schemas/template.js';
import { access } from '../access-level.js';

const templates: FastifyPluginAsyncTypebox = async (fastify) => {
  const svc = () => fastify.services.catalog.templates;
  const tags = ['templates'];
  fastify.get('/templates', { config: access('supervisor'), schema: { tags, response: { 200: Type.Array(Template) } } }, async () =>
    svc().list(),
  );
  fastify.get('/templates/:id', { config: access('supervisor'), schema: { tags, params: IdParams, response: { 200: Template } } }, async (r) =>
    svc().get(r.params.id),
  );
  fastify.post('/templates', { config: access('admin'), schema: { tags, body: TemplateInput, response: { 201: Template } } }, async (r, reply) =>
    reply.status(201).send(await svc().create(r.body)),
  );
  fastify.put(
    '/templates/:id',
    { config: access('admin'), schema: { tags, params: IdParams, body: TemplateInput, response: { 200: Template } } },
    async (r) => svc().update(r.params.id, r.body),
  );
  fastify.delete('/templates/:id', { config: access('admin'), schema: { tags, params: IdParams } }, async (r, reply) => {
    await svc().remove(r.params.id);
    return reply.status(204).send();
  });
};
export default templates;
