import type { Kiosk } from '../../../shared/schemas/auth.js';
import type { ScreenCode, ScreenCodeClaim } from '../../../shared/schemas/scan.js';
import { PAIRING_CODE_MS, type KioskService } from '../../auth/kiosks.js';
import { newPairingCode, newToken, tokenHash } from '../../auth/secrets.js';
import { AppError } from '../../errors.js';
import { isDuplicateKey } from '../../store/driver-errors.js';
import type { GrantRepository } from '../../store/grants.js';
import type { StoredKiosk } from '../../store/kiosks.js';

/** A screen code's grant id (its own space: a screen code is never a pairing code). */
const codeId = (code: string) => tokenHash(`screen:${code}`);
const waiterHash = (token: string) => tokenHash(`screen-wait:${token}`);

const unknownCode = () => new AppError(401, 'invalid_screen_code', 'No screen is waiting with this code (or its code was already used)');

/**
 * Pairing the other way round: an unpaired screen asks for its own code and shows it (QR and 6
 * digits); the tablet's admin claims that code, which creates the kiosk with the scope they
 * choose; the screen, asking with its secret, then gets its device token. Nothing is typed on the
 * screen. The code is one more bearer secret, stored hashed like the others (grants.ts), for
 * PAIRING_CODE_MS; only the screen that asked for it (its secret) can collect the token, once.
 * The kiosk itself is paired through the kiosk service's own code exchange (newCode then pair),
 * so a screen paired this way is exactly like one paired by typing.
 */
export function screenCodeService(deps: { grants: GrantRepository; kiosks: KioskService; now?: () => number }) {
  const { grants, kiosks } = deps;
  const now = deps.now ?? Date.now;

  async function request(): Promise<ScreenCode> {
    const t = now();
    const expiresAt = new Date(t + PAIRING_CODE_MS);
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = newPairingCode();
      const id = codeId(code);
      const clash = await grants.findAny(id, 'screen');
      if (clash) {
        if (clash.expiresAt && clash.expiresAt.getTime() > t) continue;
        await grants.remove(id);
      }
      const token = newToken();
      try {
        await grants.insert({ _id: id, kind: 'screen', waiterHash: waiterHash(token), createdAt: new Date(t), expiresAt });
      } catch (e) {
        if (isDuplicateKey(e)) continue;
        throw e;
      }
      return { code, token, expiresAt: expiresAt.toISOString() };
    }
    throw new AppError(503, 'no_pairing_code', 'No free screen code right now; try again in a minute');
  }

  /** The admin claims a waiting screen: its kiosk is created (name, scope, PIN rule), to be collected by the screen. */
  async function claim(input: ScreenCodeClaim): Promise<Kiosk> {
    const { code, ...kiosk } = input;
    const id = codeId(code);
    // One claim at a time: two tablets claiming one screen create one kiosk, not two.
    return grants.exclusive('screen', async () => {
      const grant = await grants.findAny(id, 'screen');
      if (!grant) throw new AppError(404, 'unknown_screen_code', 'No screen shows this code: look at the screen again (its code changes every 10 minutes)');
      if (grant.expiresAt && grant.expiresAt.getTime() <= now()) throw new AppError(410, 'screen_code_expired', 'This screen code has expired: the screen shows a new one');
      if (grant.kioskId) throw new AppError(409, 'screen_already_claimed', 'This screen is already being paired');
      const created = await kiosks.create(kiosk);
      // The screen has PAIRING_CODE_MS from now to collect it (it asks every few seconds).
      await grants.attach(id, created.kiosk.id, new Date(now() + PAIRING_CODE_MS));
      return created.kiosk;
    });
  }

  /** The waiting screen asks whether it was claimed; once claimed, the first ask gets the device token. */
  async function collect(code: string, token: string): Promise<{ paired: false } | { paired: true; token: string; kiosk: StoredKiosk }> {
    const id = codeId(code);
    const grant = await grants.findAny(id, 'screen');
    if (!grant || grant.waiterHash !== waiterHash(token)) throw unknownCode();
    if (grant.expiresAt && grant.expiresAt.getTime() <= now()) {
      await grants.remove(id);
      throw new AppError(401, 'screen_code_expired', 'This screen code has expired: ask for a new one');
    }
    const kioskId = grant.kioskId;
    if (!kioskId) return { paired: false };
    return grants.exclusive('screen', async () => {
      // Whoever deletes the grant collects the token: a second ask finds nothing.
      if (!(await grants.remove(id))) throw unknownCode();
      const issued = await kiosks.newCode(kioskId);
      const paired = await kiosks.pair(issued.pairingCode);
      return { paired: true, ...paired };
    });
  }

  return { request, claim, collect };
}
export type ScreenCodeService = ReturnType<typeof screenCodeService>;
