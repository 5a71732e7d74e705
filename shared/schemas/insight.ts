import { Type, type Static } from '@sinclair/typebox';
import { DateOnly, Id, Nullable } from './common.js';

/** A query's day as sent (text: the route checks it and answers 400 invalid_range for a bad one). */
const Day = Type.String({ maxLength: 10, description: 'Calendar date YYYY-MM-DD in the workshop\'s timezone' });

export const InsightRangeQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    machine: Type.Optional(Id),
    assignee: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type InsightRangeQuery = Static<typeof InsightRangeQuery>;

export const ThroughputQuery = Type.Object(
  { ...InsightRangeQuery.properties, by: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')])) },
  { additionalProperties: false },
);
export type ThroughputQuery = Static<typeof ThroughputQuery>;

export const ExportQuery = Type.Object({ from: Day, to: Day }, { additionalProperties: false });

export const WipQuery = Type.Object(
  { days: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'Last N days, 1 to 366 (default 30)' })) },
  { additionalProperties: false },
);

const Seconds = Nullable(Type.Number({ description: 'seconds' }));

export const StepInsight = Type.Object({
  stepId: Id,
  entered: Type.Integer(),
  left: Type.Integer(),
  medianSeconds: Seconds,
  p90Seconds: Seconds,
  reworkCount: Type.Integer(),
});
export const StepsReply = Type.Object({ steps: Type.Array(StepInsight) });
export type StepsReply = Static<typeof StepsReply>;

export const ThroughputReply = Type.Object({
  days: Type.Array(Type.Object({ day: DateOnly, started: Type.Integer(), finished: Type.Integer(), late: Type.Integer() })),
});
export type ThroughputReply = Static<typeof ThroughputReply>;

const TopReason = Type.Object({ reasonCode: Nullable(Type.String()), label: Type.String(), count: Type.Integer() });
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

export const OverviewReply = Type.Object({
  leadTime: Type.Object({
    count: Type.Integer(),
    medianSeconds: Seconds,
    p90Seconds: Seconds,
    buckets: Type.Array(Type.Object({ fromSeconds: Type.Number(), toSeconds: Nullable(Type.Number()), count: Type.Integer() })),
  }),
  onTime: Type.Object({ finished: Type.Integer(), late: Type.Integer(), rate: Rate }),
  rework: Type.Object({
    steps: Type.Array(Type.Object({ stepId: Id, left: Type.Integer(), reworkCount: Type.Integer(), rate: Rate, topReasons: Type.Array(TopReason) })),
    machines: Type.Array(Type.Object({ machineId: Id, left: Type.Integer(), reworkCount: Type.Integer(), rate: Rate, topReasons: Type.Array(TopReason) })),
  }),
});
export type OverviewReply = Static<typeof OverviewReply>;

export const WipReply = Type.Object({
  days: Type.Array(Type.Object({ day: DateOnly, steps: Type.Record(Type.String(), Type.Integer()) })),
});
export type WipReply = Static<typeof WipReply>;
