import type { Order } from '../../shared/schemas/order.js';
import type { Settings } from '../../shared/schemas/settings.js';
import { stepIndex } from '../../shared/workflow.js';

/** A4 page, or a 100×150 mm label for label printers. */
export type SheetFormat = 'a4' | 'label';

/** Where a step stood when the sheet was printed: passed steps come pre-ticked. */
export type StepState = 'done' | 'current' | 'todo';

/** What one traveller sheet shows: plain data, so the layout never reads the database. */
export interface TravellerSheet {
  number: number;
  company: string;
  contact: string;
  nature: string;
  customerRef: string;
  /** YYYY-MM-DD, or null when the order has no due date. */
  dueDate: string | null;
  steps: { label: string; state: StepState }[];
  /** What the QR code encodes: `<base>/o/<number>`, opened by the screens (kiosk, tablet). */
  link: string;
  workshopName: string;
}

/** The address a sheet's QR code opens: exactly `<base>/o/<number>`, the screens route on it. */
export function orderLink(base: string, number: number): string {
  return `${base.replace(/\/+$/, '')}/o/${number}`;
}

export function sheetOf(order: Order, settings: Pick<Settings, 'steps' | 'finalStepId' | 'workshopName'>, base: string): TravellerSheet {
  const at = stepIndex(settings, order.stepId);
  return {
    number: order.number,
    company: order.contact.company ?? '',
    contact: order.contact.name,
    nature: order.nature ?? '',
    customerRef: order.customerRef ?? '',
    dueDate: order.dueDate,
    steps: settings.steps.map((s, i) => ({ label: s.label, state: i < at ? 'done' : i === at ? 'current' : 'todo' })),
    link: orderLink(base, order.number),
    workshopName: settings.workshopName ?? '',
  };
}
