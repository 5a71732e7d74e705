import type { erpFr } from './erp-fr.js';

/** The ERP integration's words, English. */
export const erpEn: Record<keyof typeof erpFr, string> = {
  'form.externalRef': 'ERP ref.',
  'form.duplicateExternalRef': 'This ERP reference is already another order’s.',
  'erp.import': 'Import',
  'erp.export': 'Export',
  'erp.importTitle': 'Import orders (CSV)',
  'erp.reading': 'Reading the file…',
  'erp.summary': '{rows} rows: {created} to create, {updated} to update, {unchanged} unchanged.',
  'erp.summaryDone': '{created} created, {updated} updated, {unchanged} unchanged.',
  'erp.errorsTitle': 'Errors ({count}): nothing applies while any remain, except “Apply the valid rows”.',
  'erp.noErrors': 'No errors.',
  'erp.ignored': 'Columns ignored: {columns}',
  'erp.line': 'Line',
  'erp.field': 'Column',
  'erp.message': 'Error',
  'erp.apply': 'Apply',
  'erp.applyValid': 'Apply the valid rows',
  'erp.applied': 'Import applied: {created} created, {updated} updated.',
  'erp.via.import': 'CSV import',
  'erp.via.erp': 'ERP',
};
