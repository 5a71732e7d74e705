import { Api } from '../../common/api.js';

/** The answers of the insight routes (issue 15; shapes as the server writes them). Durations in seconds. */
export interface StepFigures {
  stepId: string;
  entered: number;
  left: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  reworkCount: number;
}
export interface DayFigures {
  day: string;
  started: number;
  finished: number;
  late: number;
}
export interface TopReason {
  reasonCode: string | null;
  label: string;
  count: number;
}
export interface ReworkFigures {
  left: number;
  reworkCount: number;
  rate: number | null;
  topReasons: TopReason[];
}
export interface Overview {
  leadTime: { count: number; medianSeconds: number | null; p90Seconds: number | null; buckets: { fromSeconds: number; toSeconds: number | null; count: number }[] };
  onTime: { finished: number; late: number; rate: number | null };
  rework: { steps: (ReworkFigures & { stepId: string })[]; machines: (ReworkFigures & { machineId: string })[] };
}
export interface WipDays {
  days: { day: string; steps: Record<string, number> }[];
}

/** What the dashboard shows: a date range (YYYY-MM-DD, both included) and, optionally, one machine OR one person (the server refuses both). */
export interface InsightQuery {
  from: string;
  to: string;
  machine?: string;
  assignee?: string;
}

/** The query string of a range and its filters, as every insight route reads it. */
export function insightSearch(q: InsightQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ from: q.from, to: q.to, ...extra });
  if (q.machine) p.set('machine', q.machine);
  if (q.assignee) p.set('assignee', q.assignee);
  return `?${p.toString()}`;
}

/** The client of `/api/insight/*` (supervisors and admins only; the server says so to anyone else). */
export class InsightApi extends Api {
  steps(q: InsightQuery): Promise<{ steps: StepFigures[] }> {
    return this.request('GET', `/api/insight/steps${insightSearch(q)}`);
  }
  throughput(q: InsightQuery): Promise<{ days: DayFigures[] }> {
    return this.request('GET', `/api/insight/throughput${insightSearch(q, { by: 'day' })}`);
  }
  overview(q: InsightQuery): Promise<Overview> {
    return this.request('GET', `/api/insight/overview${insightSearch(q)}`);
  }
  wip(days = 30): Promise<WipDays> {
    return this.request('GET', `/api/insight/wip?days=${days}`);
  }
}

/** The export's address for a range (a plain link: the browser downloads it with the session's cookie). */
export function exportHref(q: InsightQuery): string {
  return `/api/insight/export.csv${insightSearch({ from: q.from, to: q.to })}`;
}
