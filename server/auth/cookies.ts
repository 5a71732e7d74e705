import type { FastifyReply } from 'fastify';
import { DEVICE_COOKIE, SESSION_COOKIE } from './principals.js';

/** Browsers keep a cookie 400 days at most; a kiosk's cookie is sent again as it is used, so it never runs out. */
const DEVICE_MAX_AGE_S = 400 * 24 * 3600;

const base = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, secure });

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  const maxAge = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  reply.setCookie(SESSION_COOKIE, token, { ...base(secure), maxAge });
}

export function setDeviceCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(DEVICE_COOKIE, token, { ...base(secure), maxAge: DEVICE_MAX_AGE_S });
}

export function clearCookie(reply: FastifyReply, name: typeof SESSION_COOKIE | typeof DEVICE_COOKIE, secure: boolean): void {
  reply.clearCookie(name, base(secure));
}
