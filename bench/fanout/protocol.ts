/** Messages between bench/fanout.ts and its kiosk and floor processes (Node IPC). */

export interface KioskPlan {
  mode: 'jalon' | 'floor';
  /** One URL per node; kiosk i connects to urls[i % urls.length]. */
  urls: string[];
  machines: string[];
  machineKiosks: number;
  wallKiosks: number;
  cookie: string;
}

export type ToKiosks = { type: 'connect'; plan: KioskPlan } | { type: 'count' } | { type: 'report' } | { type: 'close' };

export type FromKiosks =
  | { type: 'ready'; connected: number; ms: number }
  | { type: 'count'; received: number }
  /** key → receive instants (ms since epoch, sub-ms); for the floor, key → send instant too. */
  | { type: 'report'; received: Array<[string, number[]]>; sentAt: Array<[string, number]>; errors: string[] };

export type ToFloor = { type: 'run'; rate: number; durationMs: number; machines: string[] };
export type FromFloor = { type: 'listening'; port: number } | { type: 'done'; sent: number };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export const now = () => performance.timeOrigin + performance.now();
