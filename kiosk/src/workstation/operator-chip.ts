import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ClockController } from '../common/clock-controller.js';
import type { DeviceIdentity } from '../common/device-identity.js';
import { formatTime, t } from '../common/locale.js';
import { controlStyles } from '../common/tokens.js';

/**
 * On a kiosk that asks a PIN: who signs the actions now and until when, or that the next action
 * will ask. Redrawn each minute, so an ended turn disappears on its own.
 * @fires operator-change - the operator wants to hand over (sign out, then another PIN)
 */
@customElement('operator-chip')
export class OperatorChip extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: inline-flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
        font-weight: 600;
      }
      .who {
        display: inline-flex;
        flex-wrap: wrap;
        gap: 4px 8px;
        align-items: baseline;
      }
      .until {
        color: var(--j-muted);
        font-weight: 500;
      }
      .none {
        color: var(--j-muted);
      }
    `,
  ];

  @property({ attribute: false }) identity!: DeviceIdentity;
  @property() zone = 'Europe/Paris';
  private readonly clock = new ClockController(this);
  private readonly onChange = (): void => this.requestUpdate();

  private watched: DeviceIdentity | null = null;

  /** Follows `identity` whenever it is set and the chip is on the page. */
  private watch(target: DeviceIdentity | null): void {
    this.watched?.removeEventListener('change', this.onChange);
    this.watched = target;
    target?.addEventListener('change', this.onChange);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.watch(this.identity ?? null);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch(null);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('identity') && this.isConnected) this.watch(this.identity ?? null);
  }

  private _onChange = (): void => {
    this.dispatchEvent(new CustomEvent('operator-change', { bubbles: true, composed: true }));
  };

  override render() {
    const op = this.identity?.operator(Math.max(this.clock.now, Date.now()));
    if (!op) return html`<span class="none" data-operator="">${t('kiosk.noOperator')}</span>`;
    const until = Date.parse(op.until);
    return html`<span class="who" data-operator=${op.id}
        >${t('kiosk.operator', { name: op.name })}${Number.isFinite(until)
          ? html`<span class="until">${t('kiosk.operatorUntil', { time: formatTime(until, this.zone) })}</span>`
          : nothing}</span
      ><button type="button" class="change-operator" @click=${this._onChange}>${t('kiosk.changeOperator')}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'operator-chip': OperatorChip;
  }
}
