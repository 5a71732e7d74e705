import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t } from '../common/locale.js';
import { controlStyles, settingToggleStyles } from '../common/tokens.js';

const SETTING_KEY = 'jalon.scanPressesNext';

/** This kiosk's choice (kept on the device, like the chime): does a scan of one of its orders press Next? Off unless chosen. */
export function scanPressesNext(): boolean {
  try {
    return localStorage.getItem(SETTING_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setScanPressesNext(on: boolean): void {
  try {
    localStorage.setItem(SETTING_KEY, on ? 'on' : 'off');
  } catch {
    /* no storage: the choice lasts until the page reloads */
  }
}

/** The kiosk's "a scan presses Next" option, on or off: a button that says which. */
@customElement('scan-toggle')
export class ScanToggle extends LitElement {
  static override styles = [controlStyles, settingToggleStyles];

  @state() private on = scanPressesNext();

  private _onClick = (): void => {
    this.on = !this.on;
    setScanPressesNext(this.on);
  };

  override render() {
    const word = t(this.on ? 'scan.pressesNextOn' : 'scan.pressesNextOff');
    return html`<button type="button" aria-pressed=${this.on ? 'true' : 'false'} aria-label=${word} title=${word} data-scan-next=${this.on ? 'on' : 'off'} @click=${this._onClick}>
      <span aria-hidden="true">${this.on ? '⌁▶' : '⌁'}</span><span class="word" aria-hidden="true"> ${word}</span>
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'scan-toggle': ScanToggle;
  }
}
