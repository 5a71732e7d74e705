import { css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { OrderFilter } from '../../../shared/order-filter.js';
import type { ImportReport } from '../../../shared/schemas/import.js';
import { ApiError, NetworkError } from '../common/api.js';
import { filterToSearch } from '../common/filter-encoding.js';
import { t } from '../common/locale.js';
import { AskingDialog } from '../common/asking-dialog.js';
import { refusalText } from './refusals.js';
import { tabletStyles } from './tablet-styles.js';

/** The import's answer: the report, or for a file refused whole (422 invalid_csv) the report it carries. */
async function postCsv(file: Blob, qs: string): Promise<ImportReport> {
  let res: Response;
  try {
    res = await fetch(`/api/orders/import${qs}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'text/csv', accept: 'application/json' },
      // The bytes as they are: the server tells UTF-8 from Windows-1252.
      body: file,
      cache: 'no-store',
    });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  const data = (await res.json().catch(() => null)) as (ImportReport & { error?: { code: string; message: string } }) | null;
  if (res.ok || (res.status === 422 && data?.error?.code === 'invalid_csv')) return data as ImportReport;
  throw new ApiError(res.status, data?.error?.code ?? `http_${res.status}`, data?.error?.message ?? res.statusText, data);
}

/** The export's address for the list's current filters (the same query as GET /api/orders). */
export const exportHref = (filter: OrderFilter) => `/api/orders/export.csv${filterToSearch(filter)}`;

/**
 * "Importer" and "Exporter" beside the orders' table. Import: choose a CSV file, the server
 * checks it (dry run) and the preview says what it would create and update and every error
 * with its line and column; "Appliquer" writes it, or "Appliquer les lignes valides" the good
 * rows of a file with errors. Export: the list with its current filters, as the server writes it.
 */
@customElement('orders-transfer')
export class OrdersTransfer extends AskingDialog<boolean> {
  static override styles = [
    tabletStyles,
    css`
      :host {
        display: contents;
      }
      input[type='file'] {
        display: none;
      }
      /* A link (the browser downloads it with the session's cookie) that looks and feels like the buttons beside it. */
      a.export {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        min-height: var(--j-touch);
        min-width: var(--j-touch);
        padding: 0 16px;
        border-radius: var(--j-radius);
        border: 2px solid var(--j-border);
        background: var(--j-surface-2);
        color: inherit;
        font-weight: 600;
        text-decoration: none;
        box-sizing: border-box;
      }
      dialog {
        max-width: min(90vw, 760px);
      }
      .errors {
        max-height: 40vh;
        overflow: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 4px 8px;
        border-bottom: 1px solid var(--j-line, #ccc);
        vertical-align: top;
      }
    `,
  ];

  /** The list's filters: the export follows them. */
  @property({ attribute: false }) filter: OrderFilter = {};
  @state() private file: File | null = null;
  @state() private report: ImportReport | null = null;
  @state() private busy = false;
  @state() private failure = '';
  @query('input[type=file]') private picker!: HTMLInputElement;
  protected readonly cancelled = false;

  private _onPick = (): void => {
    this.picker.value = '';
    this.picker.click();
  };

  private _onFile = async (): Promise<void> => {
    const file = this.picker.files?.[0];
    if (!file) return;
    this.supersede();
    this.file = file;
    this.report = null;
    this.failure = '';
    const done = this.wait();
    await this.check('?dryRun=1');
    const applied = await done;
    if (applied) this.dispatchEvent(new CustomEvent('orders-imported', { bubbles: true, composed: true }));
  };

  private async check(qs: string): Promise<void> {
    if (!this.file) return;
    this.busy = true;
    try {
      this.report = await postCsv(this.file, qs);
    } catch (e) {
      this.failure = refusalText(e);
    } finally {
      this.busy = false;
    }
  }

  private apply = async (partial: boolean): Promise<void> => {
    await this.check(partial ? '?partial=1' : '');
    // Applied: the preview becomes the outcome, the table follows by itself (live updates).
    if (this.report?.applied) this.applied = true;
  };
  private applied = false;

  private _onDone = (): void => {
    const applied = this.applied;
    this.applied = false;
    this.finish(applied);
  };

  private preview(r: ImportReport) {
    const counts = { rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged };
    return html`<p class="summary" role="status">${t(r.applied ? 'erp.summaryDone' : 'erp.summary', counts)}</p>
      ${r.ignoredColumns.length ? html`<p class="ignored">${t('erp.ignored', { columns: r.ignoredColumns.join(', ') })}</p>` : nothing}
      ${r.errors.length
        ? html`<p>${t('erp.errorsTitle', { count: r.errors.length })}</p>
            <div class="errors">
              <table>
                <thead>
                  <tr><th scope="col">${t('erp.line')}</th><th scope="col">${t('erp.field')}</th><th scope="col">${t('erp.message')}</th></tr>
                </thead>
                <tbody>
                  ${r.errors.map((e) => html`<tr class="error"><td>${e.line}</td><td>${e.field}</td><td>${e.message}</td></tr>`)}
                </tbody>
              </table>
            </div>`
        : html`<p>${t('erp.noErrors')}</p>`}`;
  }

  override render() {
    const r = this.report;
    const valid = r ? r.created + r.updated : 0;
    const canApply = !!r && !r.applied && !this.busy;
    return html`<button class="import" @click=${this._onPick}>${t('erp.import')}</button>
      <input type="file" accept=".csv,text/csv" @change=${this._onFile} />
      <a class="export button" href=${exportHref(this.filter)} download="commandes.csv">${t('erp.export')}</a>
      <dialog aria-labelledby="import-title" @close=${this._onClose}>
        <h2 id="import-title">${t('erp.importTitle')}</h2>
        ${this.file ? html`<p class="file">${this.file.name}</p>` : nothing}
        ${this.busy ? html`<p>${t('erp.reading')}</p>` : nothing}
        ${this.failure ? html`<p class="failure" role="alert">${this.failure}</p>` : nothing}
        ${r ? this.preview(r) : nothing}
        <div class="buttons">
          <button class="cancel" @click=${this._onDone}>${t(r?.applied ? 'action.close' : 'action.cancel')}</button>
          ${canApply && !r.errors.length && valid
            ? html`<button class="primary apply" @click=${() => this.apply(false)}>${t('erp.apply')}</button>`
            : nothing}
          ${canApply && r.errors.length && valid && r.rows > 0
            ? html`<button class="primary apply-valid" @click=${() => this.apply(true)}>${t('erp.applyValid')}</button>`
            : nothing}
        </div>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'orders-transfer': OrdersTransfer;
  }
}
