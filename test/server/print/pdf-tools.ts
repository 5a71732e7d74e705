import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Reads a PDF with the real tools a person's machine has (Debian's poppler-utils and
 * zbar-tools, installed by .ci/run): what pdfinfo, pdftotext and a barcode reader see.
 */

const run = promisify(execFile);

async function withFile<T>(pdf: Buffer, fn: (dir: string, file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'jalon-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    return await fn(dir, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface PdfInfo {
  pages: number;
  /** Page size in points, as pdfinfo prints it (e.g. 595.28 × 841.89 for A4). */
  width: number;
  height: number;
  pageSize: string;
}

export const pdfInfo = (pdf: Buffer): Promise<PdfInfo> =>
  withFile(pdf, async (_dir, file) => {
    const { stdout } = await run('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts(.*)$/m.exec(stdout);
    if (!size) throw new Error(`pdfinfo printed no page size:\n${stdout}`);
    return { pages, width: Number(size[1]), height: Number(size[2]), pageSize: size[0] };
  });

/** The text of page `page` (1-based), or of every page. */
export const pdfText = (pdf: Buffer, page?: number): Promise<string> =>
  withFile(pdf, async (_dir, file) => {
    const range = page ? ['-f', String(page), '-l', String(page)] : [];
    return (await run('pdftotext', [...range, '-layout', file, '-'])).stdout;
  });

/** The codes a scanner reads off page `page` printed at 150 dpi: `QR-Code:…`, `CODE-128:…`. */
export const pdfCodes = (pdf: Buffer, page = 1): Promise<string[]> =>
  withFile(pdf, async (dir, file) => {
    await run('pdftoppm', ['-r', '150', '-png', '-f', String(page), '-l', String(page), file, join(dir, 'page')]);
    const png = (await readdir(dir)).find((f) => f.endsWith('.png'));
    if (!png) throw new Error('pdftoppm wrote no image');
    try {
      const { stdout } = await run('zbarimg', ['-q', '-Sdisable', '-Sqrcode.enable', '-Scode128.enable', join(dir, png)]);
      return stdout.split('\n').filter(Boolean);
    } catch (err) {
      // zbarimg exits 4 when it finds no code at all: that is an answer, not a failure.
      if ((err as { code?: number }).code === 4) return [];
      throw err;
    }
  });
