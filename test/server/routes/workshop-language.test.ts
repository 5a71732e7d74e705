import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp } from '../../helper.js';
import { pdfText } from '../print/pdf-tools.js';

/** Settings.language decides what Jalon writes by itself when the caller does not say: CSV separator, sheet words. */
const L = suite<{ app: FastifyInstance; id: string }>('the workshop language');
L.before(async (ctx) => {
  ctx.app = await buildTestApp();
  ctx.id = body(await ctx.app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Zoé', company: 'Œuvre & Fils' } } })).id;
});
L.after(async (ctx) => ctx.app.close());

const setLanguage = async (app: FastifyInstance, language: 'fr' | 'en') => {
  const { seq, ...s } = body(await app.inject({ method: 'GET', url: '/api/settings' }));
  void seq;
  const r = await app.inject({ method: 'PUT', url: '/api/settings', payload: { ...s, language } });
  assert.is(r.statusCode, 200, r.body);
};

L('French by default: `;` in the export, French words on the sheet; English: `,` and English words; the caller may still choose', async ({ app, id }) => {
  const csv = (url = '/api/orders/export.csv') => app.inject({ method: 'GET', url }).then((r) => r.body);
  const sheet = async (query = '') => pdfText((await app.inject({ method: 'GET', url: `/api/orders/${id}/traveller.pdf${query}` })).rawPayload);
  assert.match(await csv(), /^\uFEFFId;Date;/);
  assert.ok((await sheet()).includes('Fiche suiveuse'));
  await setLanguage(app, 'en');
  assert.match(await csv(), /^\uFEFFId,Date,/);
  assert.ok((await sheet()).includes('Traveller sheet'));
  assert.match(await csv('/api/orders/export.csv?separator=;'), /^\uFEFFId;Date;/);
  assert.ok((await sheet('?lang=fr')).includes('Fiche suiveuse'));
});

L.run();
