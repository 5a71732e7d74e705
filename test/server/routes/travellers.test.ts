import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp, pairKiosk } from '../../helper.js';
import { pdfCodes, pdfInfo, pdfText } from '../print/pdf-tools.js';

interface Ctx {
  app: FastifyInstance;
  machineA: string;
  machineB: string;
  orders: { id: string; number: number }[];
  onB: { id: string; number: number };
  kioskA: string;
}

const T = suite<Ctx>('traveller sheets over HTTP');
const COMPANY = 'Menuiserie Gaëlle & Fils — Œuvre';

T.before(async (ctx) => {
  ctx.app = await buildTestApp();
  const machine = async (name: string) => body((await ctx.app.inject({ method: 'POST', url: '/api/machines', payload: { name } }))).id as string;
  ctx.machineA = await machine('Scie');
  ctx.machineB = await machine('Presse');
  const create = async (company: string, machineId: string) =>
    body((await ctx.app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Léa Crépin', company }, nature: 'Châssis', machineId } })));
  ctx.orders = [];
  for (const c of [COMPANY, 'Ébénisterie Noël', 'Forge Cœur']) ctx.orders.push(await create(c, ctx.machineA));
  ctx.onB = await create('Atelier B', ctx.machineB);
  ctx.kioskA = (await pairKiosk(ctx.app, { machineId: ctx.machineA })).cookie;
});
T.after(async (ctx) => ctx.app.close());

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

T('one sheet: application/pdf, one A4 page, the QR opens <address of the request>/o/<number>, the number and the company read back', async ({ app, orders }) => {
  const o = orders[0];
  const res = await get(app, `/api/orders/${o.id}/traveller.pdf`, { host: 'atelier.local:3000' });
  assert.is(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/pdf/);
  const pdf = res.rawPayload;
  const info = await pdfInfo(pdf);
  assert.is(info.pages, 1);
  assert.ok(info.pageSize.includes('595.28 x 841.89'), info.pageSize);
  const codes = await pdfCodes(pdf);
  assert.ok(codes.includes(`QR-Code:http://atelier.local:3000/o/${o.number}`), codes.join(' | '));
  assert.ok(codes.includes(`CODE-128:${o.number}`), codes.join(' | '));
  const text = await pdfText(pdf);
  assert.ok(text.includes(String(o.number)) && text.includes(COMPANY), text);
  // HEAD answers as GET does, without the body.
  const head = await app.inject({ method: 'HEAD', url: `/api/orders/${o.id}/traveller.pdf` });
  assert.is(head.statusCode, 200);
  assert.match(String(head.headers['content-type']), /^application\/pdf/);
  assert.is(head.rawPayload.length, 0);
});

T('?format=label: a 100 × 150 mm page; ?lang=en: English words', async ({ app, orders }) => {
  const res = await get(app, `/api/orders/${orders[1].id}/traveller.pdf?format=label&lang=en`);
  assert.is(res.statusCode, 200, res.body);
  const info = await pdfInfo(res.rawPayload);
  assert.ok(info.pageSize.includes('283.465 x 425.197'), info.pageSize);
  assert.ok((await pdfText(res.rawPayload)).includes('Traveller sheet'));
});

T('behind a trusted proxy the QR follows X-Forwarded-Proto/Host; with PUBLIC_URL set it is PUBLIC_URL', async ({ orders }) => {
  const proxied = await buildTestApp({ config: { trustProxy: true } });
  const fixed = await buildTestApp({ config: { publicUrl: 'https://jalon.example', publicUrlSet: true } });
  try {
    const make = async (app: FastifyInstance) =>
      body((await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Zoé', company: 'Æther' } } })));
    const a = await make(proxied);
    const viaProxy = await get(proxied, `/api/orders/${a.id}/traveller.pdf`, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'print.example' });
    assert.ok((await pdfCodes(viaProxy.rawPayload)).includes(`QR-Code:https://print.example/o/${a.number}`));
    const b = await make(fixed);
    const viaConfig = await get(fixed, `/api/orders/${b.id}/traveller.pdf`, { host: 'elsewhere:1234' });
    assert.ok((await pdfCodes(viaConfig.rawPayload)).includes(`QR-Code:https://jalon.example/o/${b.number}`));
  } finally {
    await proxied.close();
    await fixed.close();
  }
  assert.ok(orders.length === 3);
});

T('travellers.pdf: one page per order, in the order given (duplicates printed twice)', async ({ app, orders }) => {
  const ids = [orders[2], orders[0], orders[1], orders[2]];
  const res = await get(app, `/api/orders/travellers.pdf?ids=${ids.map((o) => o.id).join(',')}`);
  assert.is(res.statusCode, 200, res.body);
  const pdf = res.rawPayload;
  assert.is((await pdfInfo(pdf)).pages, 4);
  for (const [i, o] of ids.entries()) {
    assert.ok((await pdfCodes(pdf, i + 1)).includes(`CODE-128:${o.number}`), `page ${i + 1}`);
  }
  assert.ok((await pdfText(pdf, 2)).includes(COMPANY));
});

T('unknown order: 404, naming the id in the list', async ({ app, orders }) => {
  const one = await get(app, '/api/orders/nope123/traveller.pdf');
  assert.is(one.statusCode, 404);
  const many = await get(app, `/api/orders/travellers.pdf?ids=${orders[0].id},nope123,${orders[1].id},nope456`);
  assert.is(many.statusCode, 404);
  assert.is(body(many).error.code, 'not_found');
  assert.is(body(many).id, 'nope123');
  assert.match(body(many).error.message, /nope123/);
});

T('anonymous: 401 on both', async ({ app, orders }) => {
  assert.is((await get(app, `/api/orders/${orders[0].id}/traveller.pdf`, { cookie: '' })).statusCode, 401);
  assert.is((await get(app, `/api/orders/travellers.pdf?ids=${orders[0].id}`, { cookie: '' })).statusCode, 401);
});

T('a machine’s kiosk prints its own orders; another machine’s: 403 out_of_scope, as reading it, and nothing printed', async (ctx) => {
  const cookie = ctx.kioskA;
  const own = await get(ctx.app, `/api/orders/${ctx.orders[0].id}/traveller.pdf`, { cookie });
  assert.is(own.statusCode, 200);
  const read = await get(ctx.app, `/api/orders/${ctx.onB.id}`, { cookie });
  const other = await get(ctx.app, `/api/orders/${ctx.onB.id}/traveller.pdf`, { cookie });
  assert.is(other.statusCode, 403);
  assert.is(read.statusCode, 403);
  assert.is(body(other).error.code, body(read).error.code);
  const mixed = await get(ctx.app, `/api/orders/travellers.pdf?ids=${ctx.orders[0].id},${ctx.onB.id}`, { cookie });
  assert.is(mixed.statusCode, 403);
  assert.is(body(mixed).error.code, 'out_of_scope');
});

T('bad lists: more than 200 ids, empty or malformed ids, an unknown format → 400', async ({ app, orders }) => {
  const many = Array.from({ length: 201 }, () => orders[0].id).join(',');
  const tooMany = await get(app, `/api/orders/travellers.pdf?ids=${many}`);
  assert.is(tooMany.statusCode, 400);
  assert.is(body(tooMany).error.code, 'too_many_ids');
  const exactly = await get(app, `/api/orders/travellers.pdf?ids=${Array.from({ length: 200 }, () => orders[0].id).join(',')}`);
  assert.is(exactly.statusCode, 200);
  assert.is((await pdfInfo(exactly.rawPayload)).pages, 200);
  for (const q of ['ids=', `ids=${orders[0].id},,${orders[1].id}`, 'ids=a;b', 'ids=%24where', '', `ids=${orders[0].id}&format=a3`]) {
    const r = await get(app, `/api/orders/travellers.pdf?${q}`);
    assert.is(r.statusCode, 400, `${q}: ${r.body}`);
  }
  assert.is((await get(app, `/api/orders/${orders[0].id}/traveller.pdf?format=a5`)).statusCode, 400);
});

T('the OpenAPI document lists both routes as producing application/pdf', async ({ app }) => {
  const doc = body(await get(app, '/api/docs/json'));
  for (const path of ['/api/orders/{id}/traveller.pdf', '/api/orders/travellers.pdf']) {
    assert.ok(doc.paths[path]?.get?.responses?.['200']?.content?.['application/pdf'], path);
  }
});

T.run();
