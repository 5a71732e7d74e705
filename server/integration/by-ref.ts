import type { Order, OrderCreate, OrderPatch } from '../../shared/schemas/order.js';
import type { Principal } from '../domain/principal.js';
import { AppError } from '../errors.js';
import type { OrderService } from '../services/orders.js';
import type { OrderRepository } from '../store/orders.js';

/**
 * `PUT /api/orders/by-ref/:externalRef`: the ERP says what the order with its
 * reference is. None holds it → created (the body as on POST). One does → the
 * body's fields are applied as an edit, which writes nothing when nothing
 * differs (same body twice: the second changes nothing, no history entry).
 * The step and the number are the floor's: they apply on creation only.
 */
export async function putByRef(
  deps: { orders: OrderService; repo: OrderRepository },
  ref: string,
  body: OrderCreate,
  who: Principal,
): Promise<{ order: Order; created: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder = await deps.repo.refs.holder(ref);
    if (!holder) {
      try {
        return { order: await deps.orders.create({ ...body, externalRef: ref }, who, { via: 'erp' }), created: true };
      } catch (e) {
        // Another call created it meanwhile: it is now an update.
        if (e instanceof AppError && e.code === 'duplicate_external_ref') continue;
        throw e;
      }
    }
    const { stepId, number, ...fields } = body;
    void stepId;
    void number;
    const patch: OrderPatch = { ...fields, externalRef: ref };
    return { order: await deps.orders.edit(holder, patch, who, { via: 'erp' }), created: false };
  }
  throw new AppError(503, 'busy', 'This ERP reference is being written from several places at once; try again.');
}
