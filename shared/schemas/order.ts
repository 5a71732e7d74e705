import { Type, type Static } from '@sinclair/typebox';
import { DateOnly, Id, Instant, Line, Nullable, OpId, OptionalLine } from './common.js';

/**
 * The order's reference in the workshop's ERP: the key an import or `PUT /api/orders/by-ref/:externalRef`
 * finds the order by, unique among all orders (active and archived). No leading or trailing space, no
 * control character, so what the ERP sends and what the screens show are the same string.
 */
export const ExternalRef = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[^\\s\\u0000-\\u001f\\u007f](?:[^\\u0000-\\u001f\\u007f]{0,62}[^\\s\\u0000-\\u001f\\u007f])?$',
  description: 'Reference of the order in the ERP (unique)',
});

export const Urgency = Type.Union([
  Type.Literal('ok'),
  Type.Literal('soon'),
  Type.Literal('urgent'),
  Type.Literal('none'),
]);
export type Urgency = Static<typeof Urgency>;

export const Contact = Type.Object(
  {
    id: Type.Optional(OptionalLine(40)),
    company: Type.Optional(OptionalLine(120)),
    name: Line(120),
    email: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'email', maxLength: 254 })])),
    postalCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9 -]{0,12}$' })),
  },
  { additionalProperties: false },
);
export type Contact = Static<typeof Contact>;

export const HistoryKind = Type.Union([
  Type.Literal('created'),
  Type.Literal('advanced'),
  Type.Literal('regressed'),
  Type.Literal('moved'),
  Type.Literal('status'),
  Type.Literal('edited'),
  Type.Literal('mail'),
]);
export type HistoryKind = Static<typeof HistoryKind>;

export const HistoryEntry = Type.Object({
  at: Instant,
  actor: Type.String(),
  actorId: Type.Optional(Nullable(Type.String())),
  kind: HistoryKind,
  fromStepId: Type.Optional(Nullable(Type.String())),
  toStepId: Type.Optional(Nullable(Type.String())),
  comment: Type.Optional(Type.String()),
  opId: Type.Optional(Type.String()),
  fromStatus: Type.Optional(Nullable(Type.String())),
  toStatus: Type.Optional(Nullable(Type.String())),
  fields: Type.Optional(Type.Array(Type.String())),
  /** Why the order went back (one of Settings.reworkReasons), on a regress or a backward move. */
  reasonCode: Type.Optional(Type.String()),
  /** How the change arrived when not typed on a screen: a CSV import, or the ERP through `PUT /api/orders/by-ref/…`. */
  via: Type.Optional(Type.Union([Type.Literal('import'), Type.Literal('erp')])),
  mail: Type.Optional(
    Type.Object({
      messageId: Type.String(),
      state: Type.String(),
      to: Type.String(),
      subject: Type.String(),
      reason: Type.Optional(Type.String()),
    }),
  ),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

/** `finishDate` in the workshop's timezone; `late` when it falls after the due date. */
export const OrderForecast = Type.Object({ finishDate: DateOnly, late: Type.Boolean() });
export type OrderForecast = Static<typeof OrderForecast>;

export const Order = Type.Object({
  id: Id,
  number: Type.Integer(),
  date: DateOnly,
  contact: Contact,
  nature: Type.Optional(Type.String()),
  customerRef: Type.Optional(Type.String()),
  externalRef: Type.Optional(Type.String()),
  status: Nullable(Type.String()),
  stepId: Id,
  dueDate: Nullable(DateOnly),
  assigneeId: Nullable(Id),
  machineId: Nullable(Id),
  version: Type.Integer(),
  seq: Type.Integer(),
  urgency: Urgency,
  updatedAt: Type.Optional(Instant),
  /** When the order entered its current step (its creation counts). Set on every order view. */
  stepSince: Type.Optional(Instant),
  /** The current step's usual time (p90 of its visits, seconds); null without enough data. Set on every order view. */
  stepUsualSeconds: Type.Optional(Nullable(Type.Number())),
  /** Expected finish from the medians of the steps still ahead; null without enough data. Set on every order view. */
  forecast: Type.Optional(Nullable(OrderForecast)),
  history: Type.Optional(Type.Array(HistoryEntry)),
});
export type Order = Static<typeof Order>;

/** The editable fields, each optional: an edit (PATCH) names what it changes, a creation (POST) what it sets. */
const editable = {
  date: Type.Optional(DateOnly),
  contact: Type.Optional(Contact),
  nature: Type.Optional(OptionalLine(120)),
  customerRef: Type.Optional(OptionalLine(120)),
  /** null (or absent on create) = no ERP reference; null on an edit removes it. */
  externalRef: Type.Optional(Nullable(ExternalRef)),
  status: Type.Optional(Nullable(Line(80))),
  dueDate: Type.Optional(Nullable(DateOnly)),
  assigneeId: Type.Optional(Nullable(Id)),
  machineId: Type.Optional(Nullable(Id)),
};

export const OrderCreate = Type.Object(
  {
    ...editable,
    contact: Contact,
    stepId: Type.Optional(Id),
    number: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999_999 })),
  },
  { additionalProperties: false },
);
export type OrderCreate = Static<typeof OrderCreate>;

export const OrderPatch = Type.Object(
  {
    ...editable,
    /** Optimistic concurrency: refuse the edit when the order changed meanwhile. */
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OrderPatch = Static<typeof OrderPatch>;

export const Comment = Type.String({ minLength: 1, maxLength: 1000 });

/**
 * The operator whose PIN turn made the action, sent by a kiosk replaying its queue: the server
 * refuses it (409 operator_changed) when the kiosk's turn now belongs to someone else, so an
 * action is never signed with the name of whoever typed a PIN next.
 */
const MadeBy = Type.Optional(Id);

export const AdvanceBody = Type.Object({ expectedStepId: Id, opId: OpId, operatorId: MadeBy }, { additionalProperties: false });
export type AdvanceBody = Static<typeof AdvanceBody>;

/** One of Settings.reworkReasons' ids: why the order goes back (the comment stays required). */
export const ReasonCode = Type.Optional(Id);

export const RegressBody = Type.Object(
  { expectedStepId: Id, opId: OpId, comment: Comment, reasonCode: ReasonCode, operatorId: MadeBy },
  { additionalProperties: false },
);
export type RegressBody = Static<typeof RegressBody>;

export const MoveBody = Type.Object(
  { expectedStepId: Id, opId: OpId, toStepId: Id, comment: Type.Optional(Comment), reasonCode: ReasonCode },
  { additionalProperties: false },
);
export type MoveBody = Static<typeof MoveBody>;

export const OrderSort = Type.Union([Type.Literal('urgency'), Type.Literal('dueDate'), Type.Literal('number')]);
export type OrderSort = Static<typeof OrderSort>;

/**
 * The dimensions a screen filters on, as the wire names them: the list query
 * and the socket `subscribe` take the same three (shared/events.ts).
 */
export const FilterDimensions = {
  step: Type.Optional(Id),
  assignee: Type.Optional(Id),
  machine: Type.Optional(Id),
};

export const OrderListQuery = Type.Object(
  {
    ...FilterDimensions,
    q: Type.Optional(Type.String({ maxLength: 100 })),
    all: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
    sort: Type.Optional(OrderSort),
  },
  { additionalProperties: false },
);
export type OrderListQuery = Static<typeof OrderListQuery>;

/**
 * The filter a screen shows, as the server and the screens use it: the REST
 * list query and the socket subscription are both turned into this, and the
 * caller's scope is applied to it by one rule (shared/scope.ts).
 */
export const OrderFilter = Type.Object(
  {
    stepId: Type.Optional(Id),
    assigneeId: Type.Optional(Id),
    machineId: Type.Optional(Id),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    all: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type OrderFilter = Static<typeof OrderFilter>;
