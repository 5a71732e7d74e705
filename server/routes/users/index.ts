import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { User, UserInput } from '../../../shared/schemas/people.js';
import { catalogRoutes } from '../catalog-routes.js';

const users: FastifyPluginAsyncTypebox = async (fastify) => {
  // Kiosks and operators need names for the filter bar and the history, not sign-in names; nor does an ERP's token.
  const shown = (request: FastifyRequest, u: User): User => {
    if (request.principal.role !== 'operator' && request.principal.kind !== 'token') return u;
    const { username, ...rest } = u;
    void username;
    return rest;
  };
  catalogRoutes(fastify, { path: '/users', item: User, input: UserInput, read: 'operator', service: () => fastify.services.catalog.users, shown });
};
export default users;
