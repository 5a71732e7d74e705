import { html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { WEBHOOK_EVENTS } from '../../../../shared/integration-names.js';
import type { Webhook, WebhookDelivery } from '../../../../shared/schemas/integration-access.js';
import { formatInstant, t } from '../../common/locale.js';
import { CatalogSection, field, resultLine, submitted } from '../catalog-section.js';
import { refusalText } from '../refusals.js';
import { tabletStyles } from '../tablet-styles.js';
import { integrationApi } from './integration-api.js';
import type { SecretDialog } from './secret-dialog.js';
import './secret-dialog.js';

/**
 * Webhooks: create one (address, events, optional secret; the signing secret is then shown
 * once), enable or disable it, say why Jalon disabled it, list its deliveries (state,
 * attempts, last answer) and redeliver one.
 */
@customElement('webhooks-panel')
export class WebhooksPanel extends CatalogSection<Webhook> {
  static override styles = [tabletStyles];
  private readonly integration = integrationApi();
  @state() private open: string | null = null;
  @state() private deliveries: WebhookDelivery[] = [];
  @query('secret-dialog') private secretDialog!: SecretDialog;

  protected fetch(): Promise<Webhook[]> {
    return this.integration.webhooks();
  }

  private _onCreate = async (e: Event): Promise<void> => {
    const form = submitted(e);
    const data = new FormData(form);
    const events = WEBHOOK_EVENTS.filter((ev) => data.get(`event-${ev}`) === 'on');
    if (!events.length) {
      this.created = { text: t('integration.needEvent'), ok: false };
      return;
    }
    const secret = field(form, 'secret').trim();
    try {
      const made = await this.integration.createWebhook({ url: field(form, 'url').trim(), events, ...(secret ? { secret } : {}) });
      form.reset();
      this.created = null;
      await this.load();
      await this.secretDialog.open(t('integration.webhookSecretTitle'), t('integration.webhookSecretWarning'), made.secret);
    } catch (err) {
      this.created = { text: refusalText(err), ok: false };
    }
  };

  private async toggle(w: Webhook): Promise<void> {
    if (await this.act(w.id, () => this.integration.updateWebhook(w.id, { enabled: !w.enabled }))) await this.load();
  }

  private async removeWebhook(w: Webhook): Promise<void> {
    if (!(await this.confirm.ask(t('integration.removeConfirm', { url: w.url }), t('integration.remove')))) return;
    if (await this.act(w.id, () => this.integration.removeWebhook(w.id))) await this.load();
  }

  private async showDeliveries(w: Webhook): Promise<void> {
    if (this.open === w.id) {
      this.open = null;
      return;
    }
    await this.act(w.id, async () => {
      this.deliveries = await this.integration.deliveries(w.id);
      this.open = w.id;
    });
  }

  private async redeliver(w: Webhook, d: WebhookDelivery): Promise<void> {
    if (await this.act(w.id, () => this.integration.redeliver(w.id, d.id), t('integration.redelivered'))) {
      this.deliveries = await this.integration.deliveries(w.id);
    }
  }

  private answer(d: WebhookDelivery): string {
    if (d.lastStatus !== null) return `HTTP ${d.lastStatus}${d.lastBody ? ` — ${d.lastBody}` : ''}`;
    return d.lastError ?? '—';
  }

  private deliveryTable(w: Webhook) {
    const zone = this.session.store.settings?.timezone ?? 'Europe/Paris';
    if (!this.deliveries.length) return html`<p class="muted">${t('integration.noDeliveries')}</p>`;
    return html`<table class="deliveries">
      <thead>
        <tr>
          <th scope="col">${t('integration.deliveryOrder')}</th>
          <th scope="col">${t('integration.deliveryEvent')}</th>
          <th scope="col">${t('integration.deliveryState')}</th>
          <th scope="col">${t('integration.deliveryAttempts')}</th>
          <th scope="col">${t('integration.deliveryAnswer')}</th>
          <th scope="col"><span class="visually-hidden">${t('integration.redeliver')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${this.deliveries.map(
          (d) => html`<tr data-delivery=${d.id} data-state=${d.state}>
            <td>${d.orderNumber || d.orderId}</td>
            <td>${t(`integration.event.${d.type}`)}</td>
            <td>
              ${t(`integration.state.${d.state}`)}${d.nextAttemptAt && d.state === 'pending' && d.attempts > 0
                ? html` · ${t('integration.nextAttempt', { when: formatInstant(d.nextAttemptAt, zone) })}`
                : nothing}
            </td>
            <td>${d.attempts}</td>
            <td class="answer">${this.answer(d)}</td>
            <td><button type="button" class="redeliver" ?disabled=${d.state === 'delivering'} @click=${() => this.redeliver(w, d)}>${t('integration.redeliver')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private webhook(w: Webhook) {
    const zone = this.session.store.settings?.timezone ?? 'Europe/Paris';
    return html`<li data-webhook=${w.id}>
      <div class="row">
        <strong class="url">${w.url}</strong>
        <span>${w.enabled ? t('integration.enabled') : t('integration.disabled')}</span>
        <button type="button" class="toggle" @click=${() => this.toggle(w)}>${w.enabled ? t('integration.disable') : t('integration.enable')}</button>
        <button type="button" class="show-deliveries" aria-expanded=${this.open === w.id ? 'true' : 'false'} @click=${() => this.showDeliveries(w)}>
          ${this.open === w.id ? t('integration.hideDeliveries') : t('integration.deliveries')}
        </button>
        <button type="button" class="danger remove" @click=${() => this.removeWebhook(w)}>${t('integration.remove')}</button>
      </div>
      <p class="meta muted">${w.events.map((e) => t(`integration.event.${e}`)).join(' · ')}</p>
      ${w.disabledReason && w.disabledAt
        ? html`<p class="error disabled-why" role="status">${t('integration.disabledWhy', { when: formatInstant(w.disabledAt, zone), reason: w.disabledReason })}</p>`
        : nothing}
      ${resultLine(this.results[w.id])} ${this.open === w.id ? this.deliveryTable(w) : nothing}
    </li>`;
  }

  override render() {
    return html`<section aria-labelledby="webhooks-title">
      <h3 id="webhooks-title">${t('integration.webhooks')}</h3>
      <p class="help">${t('integration.internalWarning')}</p>
      <form class="new-webhook" @submit=${this._onCreate}>
        <label class="field"><span>${t('integration.webhookUrl')}</span><input name="url" type="url" required maxlength="2000" /></label>
        <fieldset style="border: none; padding: 0; margin: 0 0 12px">
          <legend>${t('integration.events')}</legend>
          ${WEBHOOK_EVENTS.map((ev) => html`<label class="check"><input type="checkbox" name=${`event-${ev}`} />${t(`integration.event.${ev}`)}</label>`)}
        </fieldset>
        <label class="field"><span>${t('integration.webhookSecret')}</span><input name="secret" minlength="16" maxlength="200" autocomplete="off" /></label>
        <div class="buttons"><span></span><button type="submit" class="primary create-webhook">${t('integration.createWebhook')}</button></div>
      </form>
      ${resultLine(this.created)}
      <ul class="list webhooks">
        ${this.items.length ? nothing : html`<li class="muted">${t('integration.noWebhooks')}</li>`} ${this.items.map((x) => this.webhook(x))}
      </ul>
      <secret-dialog></secret-dialog>
      <confirm-dialog></confirm-dialog>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'webhooks-panel': WebhooksPanel;
  }
}
