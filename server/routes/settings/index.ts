import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SettingsReply, SettingsUpdate } from '../../../shared/schemas/settings.js';
import { access } from '../access-level.js';

const settings: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/settings',
    { config: access('operator'), schema: { tags: ['settings'], response: { 200: SettingsReply } } },
    async () => fastify.services.settings.get(),
  );
  fastify.put(
    '/settings',
    {
      config: access('admin'),
      schema: {
        tags: ['settings'],
        body: SettingsUpdate,
        response: { 200: SettingsReply, '4xx': { $ref: 'ErrorBody#' } },
      },
    },
    async (request) => fastify.services.settings.put(request.body),
  );
};
export default settings;
