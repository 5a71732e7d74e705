/**
 * Fixed-bucket histograms of durations, so that a median or a p90 over a
 * range is a merge of daily documents (FerretDB's aggregation has no median,
 * and reading every visit of a year would scan the archive of work).
 *
 * Bucket 0 holds [0, 60 s); buckets 1…BUCKETS-2 are log-spaced from 1 minute
 * to 90 days (each RATIO ≈ 1.105 times the one before, so a value read back
 * from its bucket is within ±5 % of the truth); the last bucket holds 90 days
 * and more. Stored sparse, `{ index: count }`, as part of a day's JSON.
 */
export const BUCKETS = 120;
const MIN_SECONDS = 60;
const MAX_SECONDS = 90 * 86_400;
const LOG_RATIO = Math.log(MAX_SECONDS / MIN_SECONDS) / (BUCKETS - 2);
/** How much wider each bucket is than the one before: the precision of a percentile read from the histogram. */
export const RATIO = Math.exp(LOG_RATIO);

export type Histogram = Record<string, number>;

/** The bucket a duration (seconds) falls in. */
export function bucketOf(seconds: number): number {
  if (!(seconds >= MIN_SECONDS)) return 0;
  if (seconds >= MAX_SECONDS) return BUCKETS - 1;
  return Math.min(BUCKETS - 2, 1 + Math.floor(Math.log(seconds / MIN_SECONDS) / LOG_RATIO));
}

/** The lower and upper bounds (seconds) of a bucket; the last one's upper bound is open (Infinity). */
export function bucketBounds(b: number): [number, number] {
  if (b <= 0) return [0, MIN_SECONDS];
  if (b >= BUCKETS - 1) return [MAX_SECONDS, Infinity];
  return [MIN_SECONDS * Math.exp((b - 1) * LOG_RATIO), MIN_SECONDS * Math.exp(b * LOG_RATIO)];
}

/** Adds `sign` × one duration (a visit recorded, or one taken back). */
export function addTo(h: Histogram, seconds: number, sign = 1): void {
  const k = String(bucketOf(seconds));
  const n = (h[k] ?? 0) + sign;
  if (n > 0) h[k] = n;
  else delete h[k];
}

export function mergeInto(into: Histogram, from: Histogram | undefined): void {
  for (const [k, n] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + n;
}

export const countOf = (h: Histogram) => Object.values(h).reduce((a, n) => a + Math.max(0, n), 0);

/**
 * The p-th quantile (0 < p ≤ 1), nearest-rank like `exactQuantile`, read
 * from the histogram: the bucket holding that rank, and inside it a
 * log-linear position by rank (the first bucket linear). Null when empty.
 */
export function quantile(h: Histogram, p: number): number | null {
  const total = countOf(h);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const b of Object.keys(h).map(Number).sort((x, y) => x - y)) {
    const n = Math.max(0, h[String(b)]);
    if (seen + n >= rank) {
      const [lo, hi] = bucketBounds(b);
      const within = (rank - seen - 0.5) / n;
      if (b === 0) return Math.round(lo + (hi - lo) * within);
      if (hi === Infinity) return Math.round(lo);
      return Math.round(lo * Math.pow(hi / lo, within));
    }
    seen += n;
  }
  return null;
}

/** The exact nearest-rank quantile of a list: what the histogram approximates (for tests and checks). */
export function exactQuantile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

/** The non-empty buckets in ascending order, for a distribution chart. */
export function bucketsOf(h: Histogram): Array<{ fromSeconds: number; toSeconds: number | null; count: number }> {
  return Object.keys(h)
    .map(Number)
    .sort((a, b) => a - b)
    .filter((b) => h[String(b)] > 0)
    .map((b) => {
      const [lo, hi] = bucketBounds(b);
      return { fromSeconds: Math.round(lo), toSeconds: hi === Infinity ? null : Math.round(hi), count: h[String(b)] };
    });
}
