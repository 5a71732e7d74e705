/**
 * Whether a request (or a WebSocket handshake) comes from a page of this
 * site: no `Origin` header at all (not a browser, or a same-origin GET), the
 * public address, or the host the request was sent to. Browsers always send
 * Origin on writes and WebSockets, which CORS does not cover, so a page of
 * another site is told apart by it.
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined, publicOrigin: string): boolean {
  if (origin === undefined || origin === publicOrigin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
