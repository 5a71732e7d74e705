import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { body, buildTestApp, opId } from '../../helper.js';

/* "Tout voir" in pages (GET /api/orders?all=1&limit=N, Link rel="next") and search over every order. */
const P = suite<{ app: FastifyInstance; ids: string[] }>('order pages and search');
P.before(async (ctx) => {
  ctx.app = await buildTestApp();
  ctx.ids = [];
  for (let i = 0; i < 30; i++) {
    const o = body(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/orders',
        payload: { contact: { name: `Client ${i}`, company: i % 3 ? 'ANTIKOR' : 'MAROLEX Lyon' }, customerRef: `REF-${i}`, stepId: i < 18 ? 'terminee' : 'decoupage' },
      }),
    );
    ctx.ids.push(o.id);
  }
});
P.after(async (ctx) => ctx.app.close());

const get = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url });
const nextOf = (res: { headers: Record<string, unknown> }) => {
  const link = res.headers.link as string | undefined;
  if (!link) return null;
  const m = /^<([^>]+)>; rel="next"$/.exec(link);
  assert.ok(m, `a RFC 8288 link: ${link}`);
  return m[1];
};
const move = (app: FastifyInstance, id: string, from: string, to: string) =>
  app.inject({ method: 'POST', url: `/api/orders/${id}/move`, payload: { expectedStepId: from, toStepId: to, opId: opId(), comment: 'test' } });

P('pages: at most N, active orders first in the list sort, then the archive newest finished first, Link while more remain', async ({ app, ids }) => {
  const seen: any[] = [];
  let url: string | null = '/api/orders?all=1&limit=7&sort=number';
  let pages = 0;
  while (url) {
    const r = await get(app, url);
    assert.is(r.statusCode, 200);
    const page = body(r).orders as any[];
    assert.ok(page.length <= 7 && page.length > 0, 'no empty page');
    seen.push(...page);
    url = nextOf(r);
    pages++;
  }
  assert.is(pages, Math.ceil(30 / 7));
  assert.equal(new Set(seen.map((o) => o.id)), new Set(ids));
  const active = seen.slice(0, 12);
  assert.ok(active.every((o) => o.stepId === 'decoupage'));
  assert.equal(active.map((o) => o.number), [...active.map((o) => o.number)].sort((a, b) => a - b));
  // Created (and so finished) in number order: the archive part is newest first.
  const archived = seen.slice(12).map((o) => o.number);
  assert.equal(archived, [...archived].sort((a, b) => b - a));
  // Without all: one array, no Link.
  const plain = await get(app, '/api/orders');
  assert.is((body(plain).orders as any[]).length, 12);
  assert.is(plain.headers.link, undefined);
});

P('pages are stable under writes between them: none twice, none of the first page\'s orders skipped', async ({ app, ids }) => {
  const seen: string[] = [];
  let r = await get(app, '/api/orders?all=1&limit=5');
  seen.push(...(body(r).orders as any[]).map((o) => o.id));
  let round = 0;
  let url = nextOf(r);
  while (url) {
    // Between pages: orders finish, come back, get edited, new ones appear.
    const active = (body(await get(app, '/api/orders')).orders as any[])[0];
    if (active) await move(app, active.id, active.stepId, 'terminee');
    const archived = ids[round % 18];
    const current = body(await get(app, `/api/orders/${archived}`));
    await move(app, archived, current.stepId, current.stepId === 'terminee' ? 'emballage' : 'terminee');
    await app.inject({ method: 'PATCH', url: `/api/orders/${ids[(round * 7) % 30]}`, payload: { nature: `round ${round}` } });
    await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: `New ${round}` }, stepId: round % 2 ? 'terminee' : 'decoupage' } });
    r = await get(app, url);
    assert.is(r.statusCode, 200);
    seen.push(...(body(r).orders as any[]).map((o) => o.id));
    url = nextOf(r);
    round++;
  }
  assert.is(new Set(seen).size, seen.length, 'no order twice');
  for (const id of ids) assert.ok(seen.includes(id), `order ${id} was not skipped`);
});

P('search over every order: company, contact, reference, number, active and archived alike', async ({ app }) => {
  const find = async (q: string, all = true) => body(await get(app, `/api/orders?q=${encodeURIComponent(q)}${all ? '&all=1&limit=1000' : ''}`)).orders as any[];
  const lyon = await find('marolex ly');
  assert.is(lyon.length, 10);
  assert.ok(lyon.every((o) => o.contact.company === 'MAROLEX Lyon'));
  assert.ok(lyon.some((o) => o.stepId === 'terminee') && lyon.some((o) => o.stepId !== 'terminee'));
  assert.is((await find('ref-17')).length, 1);
  assert.is((await find('client 2')).length, 11, 'Client 2 and Client 20…29');
  const numbered = body(await app.inject({ method: 'POST', url: '/api/orders', payload: { number: 777777, contact: { name: 'N' }, stepId: 'terminee' } }));
  assert.equal((await find('777777')).map((o) => o.id), [numbered.id]);
  assert.equal((await find('0777777')).map((o) => o.id), [numbered.id], 'digits read as the number, as the screens read them');
  assert.is((await app.inject({ method: 'POST', url: '/api/orders', payload: { number: 777777, contact: { name: 'M' } } })).statusCode, 409, 'an archived order keeps its number');
  assert.ok((await find('marolex ly', false)).every((o) => o.stepId !== 'terminee'), 'q on the active list stays active');
  // An edit of an archived order reaches the search at once.
  const archived = (await find('client 1')).find((o) => o.stepId === 'terminee');
  await app.inject({ method: 'PATCH', url: `/api/orders/${archived.id}`, payload: { customerRef: 'ZEBRA-9' } });
  assert.equal((await find('zebra')).map((o) => o.id), [archived.id]);
  assert.is((await find('zzz-nothing')).length, 0);
});

P('OpenAPI documents limit, cursor and the Link header of the list', async ({ app }) => {
  const doc = body(await get(app, '/api/docs/json'));
  const op = doc.paths['/api/orders'].get;
  const params = (op.parameters as Array<{ name: string; in: string }>).filter((p) => p.in === 'query').map((p) => p.name);
  assert.ok(params.includes('limit') && params.includes('cursor'), params.join(','));
  assert.ok(op.responses['200'].headers?.Link, JSON.stringify(op.responses['200']).slice(0, 300));
});

P('bad paging input: a clear 400 (the query itself) or 422 (a cursor the server cannot use), nothing else', async ({ app }) => {
  const code = async (url: string, status: number) => {
    const r = await get(app, url);
    assert.is(r.statusCode, status, url);
    return body(r).error.code as string;
  };
  assert.is(await code('/api/orders?all=1&cursor=garbage!!', 422), 'invalid_cursor');
  assert.is(await code(`/api/orders?all=1&cursor=${Buffer.from('["x",1,2]').toString('base64url')}`, 422), 'invalid_cursor');
  assert.is(await code(`/api/orders?all=1&cursor=${Buffer.from('["0123456789abcdef01234567",0,5]').toString('base64url')}`, 422), 'expired_cursor');
  // The limit's range is in its schema (1–1000): refused as an invalid query.
  assert.is(await code('/api/orders?all=1&limit=0', 400), 'invalid_request');
  assert.is(await code('/api/orders?all=1&limit=1001', 400), 'invalid_request');
  assert.is(await code('/api/orders?limit=5', 422), 'paging_needs_all');
  const first = await get(app, '/api/orders?all=1&limit=2');
  const next = nextOf(first)!;
  const cursor = new URL(next, 'http://x').searchParams.get('cursor')!;
  assert.is(await code(`/api/orders?all=1&limit=2&machine=m1&cursor=${cursor}`, 422), 'cursor_mismatch');
});

P.run();
