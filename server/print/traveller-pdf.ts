import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.js';
import { code128Bars, qrRuns } from './codes.js';
import type { SheetFormat, TravellerSheet } from './sheet.js';

/**
 * The traveller sheet's layout: one page per order, drawn from plain data
 * (sheet.ts), no database here. DejaVu Sans is embedded (subset) so accents
 * and œ print the same on every machine, with no system font.
 */

/**
 * Parsed once per process and shared by every document (pdfkit takes a fontkit font as it is):
 * parsing a 700 KB font per PDF cost about 300 ms, more than drawing a page.
 */
const load = (file: string) => fontkit.create(readFileSync(new URL(`./fonts/${file}`, import.meta.url)));
const REGULAR = load('DejaVuSans.ttf');
const BOLD = load('DejaVuSans-Bold.ttf');
/** pdfkit's types name only files and bytes as sources; its code also takes a fontkit font (PDFFontFactory.open). */
type FontSource = Parameters<PDFKit.PDFDocument['registerFont']>[1];

const MM = 72 / 25.4;

interface Metrics {
  size: [number, number];
  margin: number;
  head: number;
  number: number;
  qr: number;
  /** Code 128's narrowest bar: ≥ 1.2 pt (0.42 mm) so an ordinary 1D scanner reads it off a laser print. */
  barModule: number;
  barHeight: number;
  label: number;
  labelWidth: number;
  value: number;
  step: number;
  stepRowMax: number;
  footer: number;
}

const METRICS: Record<SheetFormat, Metrics> = {
  a4: { size: [595.28, 841.89], margin: 40, head: 11, number: 64, qr: 130, barModule: 1.6, barHeight: 44, label: 10, labelWidth: 120, value: 14, step: 13, stepRowMax: 30, footer: 8 },
  label: { size: [100 * MM, 150 * MM], margin: 14, head: 7, number: 34, qr: 86, barModule: 1.2, barHeight: 28, label: 7, labelWidth: 64, value: 9, step: 8, stepRowMax: 16, footer: 6 },
};

export const pageSize = (format: SheetFormat): [number, number] => METRICS[format].size;

export interface PrintOptions {
  format: SheetFormat;
  locale: Locale;
  /** The workshop's timezone, for the "printed at" line. */
  timezone: string;
  printedAt: Date;
}

/** A document ready for pages; pipe it to the answer while writeSheets draws them. */
export function travellerDocument(title: string, locale: Locale): PDFKit.PDFDocument {
  // No default font: Helvetica would be loaded for nothing, every text picks its own.
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, font: '', lang: locale, info: { Title: title, Creator: 'Jalon' } });
  doc.registerFont('regular', REGULAR as unknown as FontSource);
  doc.registerFont('bold', BOLD as unknown as FontSource);
  return doc;
}

/** Bytes waiting unread in the document before the next page is drawn: about a few pages' worth. */
const HIGH_WATER = 256 * 1024;

/**
 * Draws one page per sheet, in order, then ends the document. Between pages it waits
 * while the reader lags, so 200 sheets never sit whole in memory; a reader gone
 * (the document destroyed) stops the drawing.
 */
export async function writeSheets(doc: PDFKit.PDFDocument, sheets: Iterable<TravellerSheet>, opts: PrintOptions): Promise<void> {
  for (const sheet of sheets) {
    if (doc.destroyed) return;
    drawSheet(doc, sheet, opts);
    while (doc.readableLength > HIGH_WATER && !doc.destroyed) {
      const ac = new AbortController();
      await Promise.race([once(doc, 'data', { signal: ac.signal }), once(doc, 'close', { signal: ac.signal })]).finally(() => ac.abort());
    }
  }
  if (!doc.destroyed) doc.end();
}

/** The largest size up to `max` at which `text` fits on one line of `width`. */
function fitSize(doc: PDFKit.PDFDocument, text: string, width: number, max: number): number {
  const w = doc.fontSize(max).widthOfString(text);
  return w <= width ? max : Math.max(6, Math.floor((max * width) / w));
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, side: number): void {
  const { size, runs } = qrRuns(text);
  // Four modules of white around the symbol (the quiet zone the standard asks) inside `side`.
  const m = side / (size + 8);
  for (const [rx, ry, w, h] of runs) doc.rect(x + (rx + 4) * m, y + (ry + 4) * m, w * m, h * m);
  doc.fillColor('black').fill();
}

/** Draws the bars at (x, y); returns the symbol's width in points. */
function drawCode128(doc: PDFKit.PDFDocument, text: string, x: number, y: number, module: number, height: number): number {
  const { width, bars } = code128Bars(text);
  for (const [bx, w] of bars) doc.rect(x + bx * module, y, w * module, height);
  doc.fillColor('black').fill();
  return width * module;
}

function drawTick(doc: PDFKit.PDFDocument, x: number, y: number, s: number): void {
  doc
    .moveTo(x + s * 0.2, y + s * 0.55)
    .lineTo(x + s * 0.42, y + s * 0.78)
    .lineTo(x + s * 0.82, y + s * 0.22)
    .lineWidth(Math.max(1, s * 0.12))
    .strokeColor('black')
    .stroke();
}

function drawSheet(doc: PDFKit.PDFDocument, sheet: TravellerSheet, opts: PrintOptions): void {
  const m = METRICS[opts.format];
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(opts.locale, key, params);
  // No page margins for pdfkit: every position below is explicit, and text near the bottom must
  // never make pdfkit open a page of its own.
  doc.addPage({ size: m.size, margin: 0 });
  const [W, H] = m.size;
  const x0 = m.margin;
  const inner = W - 2 * m.margin;
  const beside = inner - m.qr - m.margin / 2;
  const line = (size: number) => size * 1.25;

  // Head: workshop and title, the QR code at the top right with what it is for.
  const qrX = W - m.margin - m.qr;
  drawQr(doc, sheet.link, qrX, m.margin, m.qr);
  doc.font('regular').fontSize(m.footer).fillColor('#333');
  doc.text(tr('print.scan'), qrX, m.margin + m.qr, { width: m.qr, align: 'center', height: line(m.footer) * 2, ellipsis: true });
  const head = [tr('print.title'), sheet.workshopName].filter(Boolean).join(' · ');
  doc.fontSize(m.head).text(head, x0, m.margin, { width: beside, height: line(m.head), ellipsis: true });

  // The number in large type, then as Code 128 for a 1D scanner.
  let y = m.margin + line(m.head) * 1.2;
  const number = String(sheet.number);
  const numberSize = fitSize(doc.font('bold'), number, beside, m.number);
  doc.fillColor('black').text(number, x0, y, { width: beside, lineBreak: false });
  y += numberSize * 1.1;
  drawCode128(doc, number, x0, y, m.barModule, m.barHeight);
  y += m.barHeight;
  y = Math.max(y, m.margin + m.qr + line(m.footer) * 2) + m.margin / 2;

  // The order's fields: label on the left, value beside it (two lines at most).
  const due = sheet.dueDate
    ? DateTime.fromISO(sheet.dueDate, { locale: opts.locale }).toLocaleString(DateTime.DATE_HUGE)
    : tr('order.noDue');
  const fields: [MessageKey, string][] = [
    ['order.company', sheet.company],
    ['order.contact', sheet.contact],
    ['order.nature', sheet.nature],
    ['order.ref', sheet.customerRef],
    ['order.due', due],
  ];
  const valueWidth = inner - m.labelWidth;
  for (const [key, value] of fields) {
    const text = value.trim() || '—';
    doc.font('bold').fontSize(m.value);
    const h = Math.min(doc.heightOfString(text, { width: valueWidth }), line(m.value) * 2);
    doc.text(text, x0 + m.labelWidth, y, { width: valueWidth, height: h, ellipsis: true });
    doc.font('regular').fontSize(m.label).fillColor('#333');
    doc.text(tr(key), x0, y + (m.value - m.label) * 0.8, { width: m.labelWidth - 4, height: line(m.label), ellipsis: true });
    doc.fillColor('black');
    y += Math.max(h, line(m.value)) + m.value * 0.45;
    doc.moveTo(x0, y - m.value * 0.25).lineTo(x0 + inner, y - m.value * 0.25).lineWidth(0.5).strokeColor('#999').stroke();
  }

  // The workflow's steps with a box to tick each; steps passed when printing come ticked.
  y += m.value * 0.5;
  doc.font('bold').fontSize(m.value).fillColor('black').text(tr('print.steps'), x0, y, { width: inner / 2, lineBreak: false });
  y += line(m.value) * 1.2;
  const footerTop = H - m.margin - line(m.footer);
  const room = footerTop - y - m.footer;
  const n = sheet.steps.length;
  let cols = 1;
  let rowH = Math.min(m.stepRowMax, room / n);
  if (rowH < m.step * 1.5) {
    cols = 2;
    rowH = Math.min(m.stepRowMax, room / Math.ceil(n / 2));
  }
  const size = Math.min(m.step, rowH * 0.62);
  const colW = inner / cols;
  const perCol = Math.ceil(n / cols);
  // The signature column, where there is room for it: one column of steps.
  const signX = cols === 1 ? x0 + inner * 0.62 : null;
  if (signX !== null) {
    doc.font('regular').fontSize(m.label).fillColor('#333').text(tr('print.tick'), signX, y - line(m.value), { width: inner * 0.38, lineBreak: false });
  }
  sheet.steps.forEach((step, i) => {
    const cx = x0 + Math.floor(i / perCol) * colW;
    const ry = y + (i % perCol) * rowH;
    const box = size * 1.1;
    const by = ry + (rowH - box) / 2;
    doc.rect(cx, by, box, box).lineWidth(0.8).strokeColor('black').stroke();
    if (step.state === 'done') drawTick(doc, cx, by, box);
    const labelW = (signX ?? cx + colW) - cx - box * 1.6 - 6;
    const current = step.state === 'current';
    const text = current ? `${step.label}  ← ${tr('print.current')}` : step.label;
    doc.font(current ? 'bold' : 'regular').fontSize(size).fillColor('black');
    doc.text(text, cx + box * 1.6, ry + (rowH - size) / 2 - size * 0.1, { width: labelW, height: line(size), ellipsis: true });
    if (signX !== null) {
      doc.moveTo(signX, by + box).lineTo(x0 + inner, by + box).lineWidth(0.5).strokeColor('#999').stroke();
    }
  });

  // Footer: when it was printed (what the sheet says may have moved on since), and the link.
  const printed = DateTime.fromJSDate(opts.printedAt, { zone: opts.timezone }).setLocale(opts.locale).toLocaleString(DateTime.DATETIME_MED);
  doc.font('regular').fontSize(m.footer).fillColor('#333');
  doc.text(tr('print.printedAt', { time: printed }), x0, footerTop, { width: inner / 2, lineBreak: false });
  doc.text(sheet.link, x0 + inner / 2, footerTop, { width: inner / 2, align: 'right', height: line(m.footer), ellipsis: true });
}
