/** The names of the ERP integration's contract, without TypeBox (the tablet imports them, not the schemas' runtime). */
export const TOKEN_SCOPES = ['orders:read', 'orders:write', 'catalog:read'] as const;
export const WEBHOOK_EVENTS = ['order.created', 'order.updated', 'order.step_changed', 'order.finished', 'order.removed'] as const;
