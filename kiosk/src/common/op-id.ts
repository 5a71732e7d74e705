/**
 * A fresh operation id for a request the server must apply once however often it is sent
 * (Previous/Next replayed after an outage, a supervisor's move, a message sent twice by a double
 * tap). `crypto.randomUUID` exists only in secure contexts: a kiosk opened over plain http on the
 * workshop's network gets the fallback, which the server's pattern accepts too.
 */
export function newOpId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `op-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
