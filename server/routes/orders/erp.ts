import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ByRefParams, CsvBody, ImportQuery, ImportReport } from '../../../shared/schemas/import.js';
import { Order, OrderCreate, OrderListQuery } from '../../../shared/schemas/order.js';
import { putByRef } from '../../integration/by-ref.js';
import { exportCsv } from '../../integration/order-export.js';
import { orderImport } from '../../integration/order-import.js';
import { decodeCsv } from '../../integration/csv/read.js';
import { AppError } from '../../errors.js';
import { access } from '../access-level.js';
import type { Lookups } from '../../integration/csv/rows.js';
import { filterOfQuery } from '../../../shared/scope.js';

/** A CSV file may be far larger than a JSON body (BODY_LIMIT): 5,000 orders are about 1 MB. */
export const CSV_BODY_LIMIT = 10 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** The encoding the CSV body was read in (decodeCsv). */
    csvEncoding?: 'utf-8' | 'windows-1252';
  }
}

const flag = (v: string | undefined) => v === '1' || v === 'true';

/**
 * The ERP's ways in and out: CSV import (`POST /orders/import`), one order by
 * its ERP reference (`PUT /orders/by-ref/:externalRef`), CSV export
 * (`GET /orders/export.csv`). Thin: reading and mapping are in
 * server/integration/, writes go through the order service.
 */
const erp: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['orders'];
  const { repos, services } = fastify;

  // Encapsulated in this plugin: only these routes take text/csv, decoded here (UTF-8 or Windows-1252).
  fastify.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT }, (request, body, done) => {
    const { text, encoding } = decodeCsv(body as Buffer);
    request.csvEncoding = encoding;
    done(null, text);
  });

  const lookups = async (): Promise<Lookups> => {
    const [s, machines, users] = await Promise.all([services.settings.get(), repos.machines.list(), repos.users.list()]);
    return {
      steps: s.steps.map((st) => ({ id: st.id, label: st.label })),
      statuses: s.statuses,
      machines: machines.map((m) => ({ id: m.id, name: m.name })),
      users: users.map((u) => ({ id: u.id, name: u.name, ...(u.username ? { username: u.username } : {}) })),
    };
  };
  const importer = orderImport({ orders: services.orders, repo: repos.orders, lookups, currentSlot: () => repos.counters.current('archiveSlot') });

  fastify.post(
    '/orders/import',
    {
      config: access('supervisor'),
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import orders from a CSV file (upsert by externalRef, else by order number Id, else created)',
        consumes: ['text/csv'],
        querystring: ImportQuery,
        body: CsvBody,
        response: {
          200: ImportReport,
          422: Type.Intersect([Type.Object({ error: Type.Object({ code: Type.Literal('invalid_csv'), message: Type.String() }) }), ImportReport], {
            description: 'The file itself cannot be imported (empty, unreadable, no name column, a column twice): the report says why',
          }),
        },
      },
      // A JSON (or any other) body is not a file to import: said as such, before the schema's "must be string".
      preValidation: async (request) => {
        if (request.csvEncoding === undefined) throw new AppError(415, 'unsupported_media_type', 'Send the file as text/csv');
      },
    },
    async (request, reply) => {
      const report = await importer.run({ text: request.body, encoding: request.csvEncoding ?? 'utf-8' }, request.principal, {
        dryRun: flag(request.query.dryRun),
        partial: flag(request.query.partial),
      });
      if (!report.fileErrors) return report;
      const { fileErrors, ...rest } = report;
      void fileErrors;
      return reply.status(422).send({ error: { code: 'invalid_csv', message: rest.errors.map((e) => e.message).join('; ') }, ...rest });
    },
  );

  fastify.put(
    '/orders/by-ref/:externalRef',
    {
      config: access('supervisor'),
      schema: {
        tags,
        summary: 'Create (201) or update (200) the order with this ERP reference; the same body twice changes nothing',
        params: ByRefParams,
        body: OrderCreate,
        response: { 200: Order, 201: Order },
      },
    },
    async (request, reply) => {
      const { order, created } = await putByRef({ orders: services.orders, repo: repos.orders }, request.params.externalRef, request.body, request.principal);
      return reply.status(created ? 201 : 200).send(order);
    },
  );

  const ExportQuery = Type.Object(
    {
      ...OrderListQuery.properties,
      separator: Type.Optional(Type.Union([Type.Literal(';'), Type.Literal(',')], { description: 'Default: `;` when the workshop’s language (Settings.language) is French, `,` in English' })),
    },
    { additionalProperties: false },
  );

  fastify.get(
    '/orders/export.csv',
    {
      config: access('supervisor'),
      schema: {
        tags,
        summary: 'The list (same filters, all=1 included) as CSV: UTF-8 with BOM, the reference\'s columns plus externalRef',
        querystring: ExportQuery,
        // The file is text/csv; refusals stay JSON (ErrorBody), as on every route.
        response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: Type.String() } } } },
      },
    },
    async (request, reply) => {
      const q = request.query;
      // The list's wire names as a filter, as the access rule read them (shared/scope.ts).
      const filter = filterOfQuery(q);
      // French Excel reads `;`; in English, `,` (Settings.language), unless the caller chooses.
      const language = (await services.settings.get()).language ?? 'fr';
      const body = exportCsv({ orders: services.orders, lookups }, filter, q.sort, q.separator ?? (language === 'en' ? ',' : ';'));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="commandes.csv"')
        // A stream is piped as is (the response schema only documents it).
        .send(Readable.from(body) as unknown as string);
    },
  );
};
export default erp;
