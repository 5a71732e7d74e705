import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { chimeEnabled, setChimeEnabled } from './arrival-cue.js';
import { t } from './locale.js';
import { controlStyles, settingToggleStyles } from './tokens.js';

/** This screen's arrival chime, on or off (kept on the device): a button that says which. */
@customElement('chime-toggle')
export class ChimeToggle extends LitElement {
  static override styles = [controlStyles, settingToggleStyles];

  /** The screen's default when nothing was chosen here: on for a workstation, off for the wall. */
  @property({ type: Boolean }) byDefault = true;
  @state() private on: boolean | null = null;

  private _onClick = (): void => {
    const next = !(this.on ?? chimeEnabled(this.byDefault));
    setChimeEnabled(next);
    this.on = next;
  };

  override render() {
    const on = this.on ?? chimeEnabled(this.byDefault);
    const word = t(on ? 'chime.on' : 'chime.off');
    return html`<button type="button" aria-pressed=${on ? 'true' : 'false'} aria-label=${word} title=${word} data-chime=${on ? 'on' : 'off'} @click=${this._onClick}>
      <span aria-hidden="true">${on ? '♪' : '♪✕'}</span><span class="word" aria-hidden="true"> ${word}</span>
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chime-toggle': ChimeToggle;
  }
}
