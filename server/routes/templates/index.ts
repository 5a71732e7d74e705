import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Template, TemplateInput } from '../../../shared/schemas/template.js';
import { catalogRoutes } from '../catalog-routes.js';

const templates: FastifyPluginAsyncTypebox = async (fastify) => {
  catalogRoutes(fastify, { path: '/templates', item: Template, input: TemplateInput, read: 'supervisor', service: () => fastify.services.catalog.templates });
};
export default templates;
