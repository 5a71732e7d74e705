import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ExportQuery,
  InsightRangeQuery,
  OverviewReply,
  StepsReply,
  ThroughputQuery,
  ThroughputReply,
  WipQuery,
  WipReply,
} from '../../../shared/schemas/insight.js';
import { access } from '../access-level.js';

const RANGE = 'from and to: YYYY-MM-DD in the workshop\'s timezone, both included, at most 366 days (400 invalid_range otherwise).';

/**
 * The workshop's statistics (supervisors and admins): read from the daily
 * documents kept as orders change (services/insight.ts), by `_id` only.
 */
const insight: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['insight'];
  const svc = fastify.services.insight;
  const filterOf = (q: { machine?: string | undefined; assignee?: string | undefined }) => ({ machine: q.machine, assignee: q.assignee });

  fastify.get(
    '/insight/steps',
    { config: access('supervisor'), schema: { tags, summary: `Time per step of the visits that ended in the range. ${RANGE}`, querystring: InsightRangeQuery, response: { 200: StepsReply } } },
    async (request) => svc.steps(request.query.from, request.query.to, filterOf(request.query)),
  );

  fastify.get(
    '/insight/throughput',
    { config: access('supervisor'), schema: { tags, summary: `Orders started, finished and finished late per day or ISO week (Monday). ${RANGE}`, querystring: ThroughputQuery, response: { 200: ThroughputReply } } },
    async (request) => svc.throughput(request.query.from, request.query.to, request.query.by ?? 'day', filterOf(request.query)),
  );

  fastify.get(
    '/insight/overview',
    { config: access('supervisor'), schema: { tags, summary: `Lead time, on-time rate, rework per step and machine. ${RANGE}`, querystring: InsightRangeQuery, response: { 200: OverviewReply } } },
    async (request) => svc.overview(request.query.from, request.query.to, filterOf(request.query)),
  );

  fastify.get(
    '/insight/wip',
    { config: access('supervisor'), schema: { tags, summary: 'Work in progress per step at the end of each of the last days (default 30)', querystring: WipQuery, response: { 200: WipReply } } },
    async (request) => svc.wip(request.query.days === undefined ? 30 : Number(request.query.days)),
  );

  fastify.get(
    '/insight/export.csv',
    {
      config: access('supervisor'),
      schema: {
        tags,
        summary: `One row per step visit that ended in the range: UTF-8 with BOM; ';' and a decimal comma when the workshop's language is French, ',' otherwise. ${RANGE}`,
        querystring: ExportQuery,
        // The file as text/csv; refusals (a bad range) as the usual JSON error.
        response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: Type.String() } } } },
      },
    },
    async (request, reply) => {
      const csv = await svc.exportCsv(request.query.from, request.query.to);
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="jalon-visites-${request.query.from}-${request.query.to}.csv"`)
        .send(csv);
    },
  );
};
export default insight;
