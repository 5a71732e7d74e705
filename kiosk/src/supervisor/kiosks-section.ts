import { css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Kiosk, KioskCreate, KioskScope, KioskWithCode } from '../../../shared/schemas/auth.js';
import type { DemoLinks } from '../../../shared/schemas/demo.js';
import { formatInstant, t } from '../common/locale.js';
import type { CameraScanner } from '../common/scanner/camera-scanner.js';
import { pairingCodeOf } from '../common/scanner/wedge.js';
import { WatchController } from '../common/watch-controller.js';
import { CatalogSection, field, resultLine, rowSubmit, submitted } from './catalog-section.js';
import { refusalText } from './refusals.js';
import { scopeFields, scopeFromForm, type ScopeKind } from './screen-scope-fields.js';
import { tabletStyles } from './tablet-styles.js';
import './pairing-code.js';
import '../common/scanner/camera-scanner.js';
import './screen-claim.js';
import type { ScreenClaim } from './screen-claim.js';

/**
 * Screens [écrans]: create a workstation or wall screen with its scope and show its one-time
 * pairing code large, with the 10-minute countdown; rename, issue a new code, revoke. Uses the
 * access-control API as implemented (server/routes/kiosks).
 */
@customElement('kiosks-section')
export class KiosksSection extends CatalogSection<Kiosk> {
  static override styles = [
    tabletStyles,
    css`
      fieldset {
        border: none;
        margin: 0 0 12px;
        padding: 0;
        display: grid;
        gap: 4px;
      }
      legend {
        font-weight: 600;
        margin-bottom: 4px;
      }
      .meta {
        color: var(--j-muted);
        margin: 6px 0 0;
      }
      .demo-links {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 4px 32px;
      }
      .demo a {
        display: inline-block;
        min-height: 48px;
        padding: 12px 0;
        font-weight: 700;
        color: var(--j-text);
      }
      .code-dialog {
        text-align: center;
        width: min(40rem, 94vw);
      }
    `,
  ];

  @state() private scopeKind: ScopeKind = 'machine';
  @state() private issued: { kiosk: Kiosk; code: string; expiresAt: string } | null = null;
  @state() private demo: DemoLinks | null = null;
  @query('dialog.code-dialog') private codeDialog!: HTMLDialogElement;
  @query('camera-scanner') private cameraScanner!: CameraScanner;
  @query('screen-claim') private screenClaim!: ScreenClaim;

  constructor() {
    super();
    // The scope names (workstations, people) come from the session's lists.
    new WatchController(this, [this.session]);
  }

  override firstUpdated(): void {
    // `/admin/pair?code=…`, a screen's QR opened by the tablet's own camera app: claim it here.
    const code = location.pathname === '/admin/pair' ? pairingCodeOf(`${location.pathname}${location.search}`) : null;
    if (location.pathname === '/admin/pair') history.replaceState(null, '', '/admin/kiosks');
    if (code) void this.screenClaim.open(code);
  }

  /** "Scanner un écran": the camera reads a waiting screen's QR, then "Associer cet écran" opens with its code. */
  private _onScanScreen = async (): Promise<void> => {
    const text = await this.cameraScanner.scan(t('kiosks.scanScreenTitle'), (s) => (pairingCodeOf(s) ? true : t('scan.notAScreen')));
    const code = text && pairingCodeOf(text);
    if (code) await this.screenClaim.open(code);
  };

  private _onScreenClaimed = (): void => void this.load();

  protected async fetch(): Promise<Kiosk[]> {
    // The demo's links are listed with the screens (they create them at the demo's start).
    void this.api.demoLinks().then(
      (d) => (this.demo = d),
      () => (this.demo = null),
    );
    return this.api.kiosks();
  }

  /** Demo mode: one link per demo screen, opened on the screen itself (or another tab) to pair it. */
  private demoLinks() {
    const d = this.demo;
    if (!d?.demo) return nothing;
    const zone = this.session.store.settings?.timezone ?? 'Europe/Paris';
    return html`<section aria-labelledby="demo-links" class="demo">
      <h3 id="demo-links">${t('demo.linksTitle')}</h3>
      ${d.links.length && d.validUntil
        ? html`<p class="help">${t('demo.linksExplain', { time: formatInstant(d.validUntil, zone) })}</p>
            <ul class="demo-links">
              ${d.links.map((l) => html`<li><a href=${l.path} target="_blank" rel="noopener" data-demo-link>${l.name}</a></li>`)}
            </ul>`
        : html`<p class="help">${t('demo.linksExpired')}</p>`}
    </section>`;
  }

  private scopeText(s: KioskScope): string {
    if ('wall' in s) return t('kiosks.ofWall');
    if ('machineId' in s) return t('kiosks.ofMachine', { name: this.session.machines.find((m) => m.id === s.machineId)?.name ?? s.machineId });
    return t('kiosks.ofUser', { name: this.session.users.find((u) => u.id === s.assigneeId)?.name ?? s.assigneeId });
  }

  private async show(issued: KioskWithCode): Promise<void> {
    this.issued = { kiosk: issued.kiosk, code: issued.pairingCode, expiresAt: issued.expiresAt };
    await this.updateComplete;
    if (!this.codeDialog.open) this.codeDialog.showModal();
  }

  private _onCreate = async (e: Event): Promise<void> => {
    const form = submitted(e);
    const chosen = scopeFromForm(form, this.scopeKind);
    if ('missing' in chosen) {
      this.created = { text: chosen.missing, ok: false };
      return;
    }
    const body: KioskCreate = { name: field(form, 'name'), ...chosen };
    try {
      const issued = await this.api.createKiosk(body);
      form.reset();
      this.scopeKind = 'machine';
      this.created = null;
      await this.load();
      await this.show(issued);
    } catch (err) {
      this.created = { text: refusalText(err), ok: false };
    }
  };

  private _onRename = async (e: Event): Promise<void> => {
    const { form, id } = rowSubmit(e);
    const k = this.items.find((x) => x.id === id);
    if (!k) return;
    const name = field(form, 'name');
    if (await this.act(id, () => this.api.saveKiosk(id, { name, requirePin: k.requirePin, pinMinutes: k.pinMinutes }), t('admin.saved'))) await this.load();
  };

  private async newCode(k: Kiosk): Promise<void> {
    if (k.paired && !(await this.confirm.ask(t('kiosks.confirmNewCode', { name: k.name }), t('kiosks.newCode')))) return;
    await this.act(k.id, async () => {
      const issued = await this.api.newKioskCode(k.id);
      await this.load();
      await this.show(issued);
    });
  }

  private async revoke(k: Kiosk): Promise<void> {
    if (!(await this.confirm.ask(t('kiosks.confirmRevoke', { name: k.name }), t('kiosks.revoke')))) return;
    if (await this.act(k.id, () => this.api.revokeKiosk(k.id))) await this.load();
  }

  private _onCloseCode = (): void => this.codeDialog.close();

  private screenUrl(s: KioskScope): string {
    return `${location.origin}${'wall' in s ? '/wall' : '/kiosk'}`;
  }

  private kiosk(k: Kiosk) {
    const zone = this.session.store.settings?.timezone ?? 'Europe/Paris';
    return html`<li data-kiosk=${k.id}>
      <form class="row" data-id=${k.id} @submit=${this._onRename}>
        <label class="field"><span>${t('kiosks.name')}</span><input name="name" required maxlength="80" .value=${k.name} /></label>
        <button type="submit">${t('kiosks.rename')}</button>
        <button type="button" class="new-code" @click=${() => this.newCode(k)}>${t('kiosks.newCode')}</button>
        <button type="button" class="danger revoke" @click=${() => this.revoke(k)}>${t('kiosks.revoke')}</button>
      </form>
      <p class="meta">
        ${this.scopeText(k.scope)} ·
        ${k.paired && k.pairedAt ? t('kiosks.paired', { time: formatInstant(k.pairedAt, zone) }) : t('kiosks.notPaired')}
        ${k.lastSeenAt ? html` · ${t('kiosks.lastSeen', { time: formatInstant(k.lastSeenAt, zone) })}` : nothing}
        ${k.requirePin ? html` · ${t('kiosks.pin')}` : nothing}
      </p>
      ${resultLine(this.results[k.id])}
    </li>`;
  }

  override render() {
    const issued = this.issued;
    return html`<h2>${t('kiosks.title')}</h2>
      <p class="help">${t('kiosks.explain')}</p>
      <div class="buttons"><button type="button" class="primary scan-screen" @click=${this._onScanScreen}>${t('kiosks.scanScreen')}</button></div>
      ${this.demoLinks()}
      <section aria-labelledby="new-kiosk">
        <h3 id="new-kiosk">${t('kiosks.new')}</h3>
        <form @submit=${this._onCreate}>
          <label class="field"><span>${t('kiosks.name')}</span><input name="name" required maxlength="80" /></label>
          ${scopeFields(this.scopeKind, this.session, (k) => (this.scopeKind = k))}
          <div class="buttons"><span></span><button type="submit" class="primary create">${t('kiosks.create')}</button></div>
        </form>
        ${resultLine(this.created, 'alert')}
      </section>
      <ul class="list">
        ${this.items.length ? nothing : html`<li class="muted">${t('kiosks.none')}</li>`} ${this.items.map((k) => this.kiosk(k))}
      </ul>
      <dialog class="code-dialog" aria-labelledby="code-title">
        ${issued
          ? html`<h2 id="code-title">${t('kiosks.codeFor', { name: issued.kiosk.name })}</h2>
              <p class="help">${this.scopeText(issued.kiosk.scope)}</p>
              <pairing-code .code=${issued.code} .expiresAt=${issued.expiresAt}></pairing-code>
              <p class="help">${t('kiosks.codeHelp', { url: this.screenUrl(issued.kiosk.scope) })}</p>
              <div class="buttons">
                <button class="new-code" @click=${() => this.newCode(issued.kiosk)}>${t('kiosks.newCode')}</button>
                <button class="primary close" @click=${this._onCloseCode}>${t('action.close')}</button>
              </div>`
          : nothing}
      </dialog>
      <confirm-dialog></confirm-dialog>
      <camera-scanner></camera-scanner>
      <screen-claim @screen-claimed=${this._onScreenClaimed}></screen-claim>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kiosks-section': KiosksSection;
  }
}
