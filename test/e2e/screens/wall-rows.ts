import type { Page } from 'puppeteer-core';

/**
 * The wall's compact rows in the columns matching `columns`, and those with something that sticks
 * out of them (a pill pushed out of a narrow column): how many rows, and the orders of the bad ones;
 * `cut`: rows that show a company in less room than three letters of it ("S…" says nothing).
 */
export function wallRowsOut(page: Page, columns = 'wall-column'): Promise<{ count: number; out: string[]; cut: string[] }> {
  return page.evaluate((sel: string) => {
    const all = ((window as any).__deepAll(sel) as HTMLElement[]).flatMap((col) => Array.from(col.shadowRoot!.querySelectorAll<HTMLElement>('li.row')));
    const out = all.filter((li) => {
      const r = li.getBoundingClientRect();
      return Array.from(li.children).some((c) => {
        const b = c.getBoundingClientRect();
        return b.width > 0 && (b.right > r.right + 1 || b.left < r.left - 1);
      });
    });
    const cut = all.filter((li) => {
      const company = li.querySelector<HTMLElement>('.company');
      if (!company || company.offsetWidth === 0 || company.scrollWidth <= company.clientWidth) return false;
      // Three average letters: about 1.7 em.
      return company.clientWidth < 1.7 * parseFloat(getComputedStyle(company).fontSize);
    });
    return { count: all.length, out: out.map((li) => li.dataset['order'] ?? '?'), cut: cut.map((li) => li.dataset['order'] ?? '?') };
  }, columns);
}
