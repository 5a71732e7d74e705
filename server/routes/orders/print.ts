import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParams } from '../../../shared/schemas/common.js';
import type { Order } from '../../../shared/schemas/order.js';
import { AppError, badRequest } from '../../errors.js';
import { sheetOf, type SheetFormat } from '../../print/sheet.js';
import { travellerDocument, writeSheets } from '../../print/traveller-pdf.js';
import { access } from '../access-level.js';

/** Sheets in one travellers.pdf: a day's batch, within what one answer should carry. */
export const MAX_SHEETS = 200;
const READS_AT_ONCE = 16;

const format = Type.Optional(
  Type.Union([Type.Literal('a4'), Type.Literal('label')], { description: 'a4 (default): one A4 page; label: a 100×150 mm label' }),
);
const lang = Type.Optional(
  Type.Union([Type.Literal('fr'), Type.Literal('en')], { description: 'Language of the sheet’s words, as the screens’ ?lang= (default: the workshop’s language, Settings.language)' }),
);
const SheetQuery = Type.Object({ format, lang }, { additionalProperties: false });
const SheetsQuery = Type.Object(
  {
    ids: Type.String({
      pattern: '^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64})*$',
      maxLength: 20_000,
      description: `Order ids, comma-separated, at most ${MAX_SHEETS}: one page each, in this order`,
    }),
    format,
    lang,
  },
  { additionalProperties: false },
);
const Pdf = {
  description: 'The PDF, streamed',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
};

/** A host as a browser sends it (name or address, optional port): anything else is not put on paper. */
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/**
 * Traveller sheets: the paper that travels with the parts, its QR code opening the order
 * on a screen. Read as the order is read (the one scope rule): a kiosk prints its own.
 */
const print: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['orders'];
  const { config } = fastify;

  /** PUBLIC_URL, or else the address this request came in on (through the proxies TRUST_PROXY believes). */
  const baseOf = (request: FastifyRequest) =>
    config.publicUrlSet || !HOST.test(request.host) ? config.publicUrl : `${request.protocol}://${request.host}`;

  async function send(request: FastifyRequest, reply: FastifyReply, orders: Order[], fmt: SheetFormat, filename: string) {
    const settings = await fastify.services.settings.get();
    // The screen's language when it says (the tablet sends its own), else the workshop's.
    const locale = (request.query as { lang?: 'fr' | 'en' }).lang ?? settings.language ?? 'fr';
    const base = baseOf(request);
    const title = orders.length === 1 ? `${orders[0].number}` : `${orders.length}`;
    const doc = travellerDocument(title, locale);
    const sheets = (function* () {
      for (const o of orders) yield sheetOf(o, settings, base);
    })();
    writeSheets(doc, sheets, { format: fmt, locale, timezone: settings.timezone, printedAt: new Date() }).catch((err: unknown) => {
      request.log.error({ err }, 'traveller sheet failed while streaming');
      doc.destroy(err as Error);
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(doc);
  }

  fastify.get(
    '/orders/:id/traveller.pdf',
    {
      config: access('operator'),
      schema: { tags, summary: 'The order’s traveller sheet (PDF)', params: IdParams, querystring: SheetQuery, response: { 200: Pdf } },
    },
    async (request, reply) => {
      const order = await fastify.services.orders.get(request.params.id, request.principal);
      return send(request, reply, [order], request.query.format ?? 'a4', `traveller-${order.number}.pdf`);
    },
  );

  fastify.get(
    '/orders/travellers.pdf',
    {
      config: access('operator'),
      schema: {
        tags,
        summary: `Traveller sheets of up to ${MAX_SHEETS} orders, one page each, in the order given (PDF)`,
        querystring: SheetsQuery,
        response: { 200: Pdf },
      },
    },
    async (request, reply) => {
      const ids = request.query.ids.split(',');
      if (ids.length > MAX_SHEETS) throw badRequest('too_many_ids', `At most ${MAX_SHEETS} orders per request (got ${ids.length})`);
      // Every order is read (and checked against the caller's scope, as reading it) before the first
      // byte goes out: a refusal is a clean 404/403, never half a PDF. Orders are small; pages are not kept.
      const read = async (id: string) => {
        try {
          return await fastify.services.orders.get(id, request.principal);
        } catch (err) {
          if (err instanceof AppError && err.statusCode === 404) throw new AppError(404, 'not_found', `Order ${id} not found`, { id });
          throw err;
        }
      };
      const orders: Order[] = [];
      // A few reads at a time (each an _id lookup): quicker than one by one, gentle on the database.
      for (let i = 0; i < ids.length; i += READS_AT_ONCE) {
        // Settled, then looked at in the list's order: the refusal named is the first id's in the list.
        for (const r of await Promise.allSettled(ids.slice(i, i + READS_AT_ONCE).map(read))) {
          if (r.status === 'rejected') throw r.reason;
          orders.push(r.value);
        }
      }
      return send(request, reply, orders, request.query.format ?? 'a4', 'travellers.pdf');
    },
  );
};
export default print;
