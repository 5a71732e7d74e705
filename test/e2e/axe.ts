import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the whole page (or `context`, an axe context such as
 * `{ fromShadowDom: [...] }`), shadow roots included, as "rule (impact): where" lines. Evaluated in
 * the page, not added as a script tag: the content security policy refuses inline scripts.
 */
export async function axeViolations(page: Page, context?: unknown): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (ctx: unknown) => {
    const r = await (window as any).axe.run(ctx ?? document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n: any) => n.target.join(' > ')).join(' | ')}${v.nodes.length > 4 ? ` … ${v.nodes.length} in all` : ''}`);
  }, context ?? null);
}
