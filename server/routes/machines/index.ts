import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Machine, MachineInput } from '../../../shared/schemas/people.js';
import { catalogRoutes } from '../catalog-routes.js';

const machines: FastifyPluginAsyncTypebox = async (fastify) => {
  catalogRoutes(fastify, { path: '/machines', item: Machine, input: MachineInput, read: 'operator', service: () => fastify.services.catalog.machines });
};
export default machines;
