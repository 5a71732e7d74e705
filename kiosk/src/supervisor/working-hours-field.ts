import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { WorkingHours } from '../../../shared/working-hours.js';
import { t } from '../common/locale.js';
import { tabletStyles } from './tablet-styles.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const DEFAULT_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' };

/**
 * The workshop's working hours, for the walls' wake lock: off means lit around the clock.
 * Emits `hours-change` with the new value (null when off).
 */
@customElement('working-hours-field')
export class WorkingHoursField extends LitElement {
  static override styles = [
    tabletStyles,
    css`
      .days {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin: 8px 0;
      }
      .days label {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        min-height: 44px;
        padding: 0 12px;
        border: 2px solid var(--j-border, #888);
        border-radius: 8px;
      }
      .times {
        display: flex;
        flex-wrap: wrap;
        gap: 16px;
      }
      .enable {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        min-height: 44px;
      }
    `,
  ];

  @property({ attribute: false }) hours: WorkingHours | null = null;

  private emit(hours: WorkingHours | null): void {
    this.dispatchEvent(new CustomEvent<WorkingHours | null>('hours-change', { detail: hours, bubbles: true, composed: true }));
  }

  private toggleDay(day: number, on: boolean): void {
    if (!this.hours) return;
    const days = on ? [...new Set([...this.hours.days, day])] : this.hours.days.filter((d) => d !== day);
    this.emit({ ...this.hours, days: days.sort((a, b) => a - b) });
  }

  override render() {
    const h = this.hours;
    return html`<label class="enable">
        <input type="checkbox" name="workingHoursOn" .checked=${!!h} @change=${(e: Event) => this.emit((e.target as HTMLInputElement).checked ? DEFAULT_HOURS : null)} />
        <span>${t('settings.workingHoursOn')}</span>
      </label>
      <p class="help">${t('settings.workingHoursHelp')}</p>
      ${h
        ? html`<fieldset class="days">
              <legend>${t('settings.workingDays')}</legend>
              ${DAYS.map(
                (d) => html`<label>
                  <input type="checkbox" name="day${d}" .checked=${h.days.includes(d)} ?disabled=${h.days.length === 1 && h.days.includes(d)} @change=${(e: Event) => this.toggleDay(d, (e.target as HTMLInputElement).checked)} />
                  ${t(`settings.weekday${d}`)}
                </label>`,
              )}
            </fieldset>
            <div class="times">
              <label class="field">
                <span>${t('settings.workStart')}</span>
                <input type="time" name="workStart" required .value=${h.start} @change=${(e: Event) => this.emit({ ...h, start: (e.target as HTMLInputElement).value || h.start })} />
              </label>
              <label class="field">
                <span>${t('settings.workEnd')}</span>
                <input type="time" name="workEnd" required .value=${h.end} @change=${(e: Event) => this.emit({ ...h, end: (e.target as HTMLInputElement).value || h.end })} />
              </label>
            </div>`
        : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'working-hours-field': WorkingHoursField;
  }
}
