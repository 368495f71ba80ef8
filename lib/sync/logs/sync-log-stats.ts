import { Prisma } from "@/generated/prisma/client";
import { db as defaultDb, type Db } from "@/lib/db";
import { filterConditions, outcomeCondition } from "@/lib/sync/logs/sync-log-sql";
import { resolveTimeRange, type SyncLogFilters } from "@/lib/sync/logs/sync-logs-query";

/**
 * Synced / skipped / failed counts per time bucket for the sync logs chart, with the list's
 * filters. Buckets are hours for windows up to 3 days and days otherwise, in the query's time
 * zone; empty buckets are zeros. Without a date filter the chart shows the last 7 days.
 *
 * Two sources give the same counts:
 *  - "rollup": SyncLogHourly (counts per UTC hour, destination, kind and outcome, kept exactly
 *    consistent by recordSyncAttempt), for the whole UTC hours of the window, plus SyncLog itself
 *    for the partial hours at the window's ends. Used when the filters are only outcome,
 *    destination, kind and dates, and every bucket starts on a whole UTC hour (zones whose offsets
 *    in the window are whole hours).
 *  - "log": the SyncLog rows, for everything else: a reason, request or search filter (the rollup
 *    does not carry them), a zone with a 30- or 45-minute offset (its hours and days start inside
 *    a UTC hour), and a window with no whole UTC hour in it.
 */
export type SyncLogBucketSize = "hour" | "day";
export type SyncLogBucket = { start: string; synced: number; skipped: number; failed: number };
export type SyncLogStats = {
  bucket: SyncLogBucketSize;
  /** The window counted: [from, to). */
  from: string;
  to: string;
  timeZone: string;
  buckets: SyncLogBucket[];
  totals: { synced: number; skipped: number; failed: number };
};
export type SyncLogStatsSource = "rollup" | "log";

export const DEFAULT_STATS_WINDOW_MS = 7 * 86_400_000;
/** Longest window charted; an older `from` is moved up to keep the chart readable and the query bounded. */
export const MAX_STATS_WINDOW_MS = 366 * 86_400_000;
const HOURLY_UP_TO_MS = 3 * 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Every filter, and whether SyncLogHourly can answer it (dates and the zone shape the window and
 * buckets). A Record, so a filter added to the query does not compile until it is listed here.
 */
const ROLLUP_ANSWERS: Record<keyof SyncLogFilters, boolean> = {
  outcome: true,
  destination: true,
  kind: true,
  range: true,
  from: true,
  to: true,
  tz: true,
  reason: false,
  requestNumber: false,
  requestId: false,
  q: false,
};

type Deps = { db?: Db; now?: () => Date };
type BucketRow = { start: Date; synced: number; skipped: number; failed: number };

/** `source: "log"` counts from SyncLog even where the rollup could answer (the benchmark and tests compare both). */
export async function syncLogStats(
  input: { workspaceId: string; filters: SyncLogFilters; source?: "log" },
  deps: Deps = {},
): Promise<SyncLogStats> {
  const db = deps.db ?? defaultDb();
  const plan = await planSyncLogStats(input, { ...deps, db });
  const rows = await db.$queryRaw<BucketRow[]>(plan.sql);
  const buckets = rows.map((r) => ({ start: r.start.toISOString(), synced: r.synced, skipped: r.skipped, failed: r.failed }));
  const totals = buckets.reduce(
    (t, b) => ({ synced: t.synced + b.synced, skipped: t.skipped + b.skipped, failed: t.failed + b.failed }),
    { synced: 0, skipped: 0, failed: 0 },
  );
  return { bucket: plan.bucket, from: plan.from.toISOString(), to: plan.to.toISOString(), timeZone: input.filters.tz, buckets, totals };
}

export type SyncLogStatsPlan = { source: SyncLogStatsSource; sql: Prisma.Sql; bucket: SyncLogBucketSize; from: Date; to: Date };

/** The chart's query, its source, window and bucket size (exported for EXPLAIN in the benchmark). */
export async function planSyncLogStats(
  input: { workspaceId: string; filters: SyncLogFilters; source?: "log" },
  deps: Deps = {},
): Promise<SyncLogStatsPlan> {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const { workspaceId, filters } = input;
  const window = statsWindow(filters, now);
  // The whole UTC hours inside the window; the rest (at most an hour at each end) is partial.
  const whole = {
    from: new Date(Math.ceil(window.from.getTime() / HOUR_MS) * HOUR_MS),
    to: new Date(Math.floor(window.to.getTime() / HOUR_MS) * HOUR_MS),
  };

  if (input.source !== "log" && rollupAnswers(filters) && whole.from < whole.to) {
    const edges = await db.$queryRaw<{ e: Date }[]>(
      Prisma.sql`SELECT u.e FROM (${edgesSql(window, filters.tz)}) d, unnest(d.e) WITH ORDINALITY AS u(e, n) ORDER BY u.n`,
    );
    if (edges.every((r) => r.e.getTime() % HOUR_MS === 0)) {
      const sql = rollupSql({ workspaceId, filters, now, window, whole, edges: edges.map((r) => r.e) });
      return { source: "rollup", sql, ...window };
    }
  }
  return { source: "log", sql: logSql(workspaceId, filters, window, now), ...window };
}

/** The window counted, [from, to), and its bucket size. */
function statsWindow(filters: SyncLogFilters, now: Date): { bucket: SyncLogBucketSize; from: Date; to: Date } {
  const range = resolveTimeRange(filters, now);
  const to = range.to ?? now;
  let from = range.from ?? new Date(to.getTime() - DEFAULT_STATS_WINDOW_MS);
  if (to.getTime() - from.getTime() > MAX_STATS_WINDOW_MS) from = new Date(to.getTime() - MAX_STATS_WINDOW_MS);
  const bucket: SyncLogBucketSize = to.getTime() - from.getTime() <= HOURLY_UP_TO_MS ? "hour" : "day";
  return { bucket, from, to };
}

/** Whether SyncLogHourly can answer every filter that is set. */
function rollupAnswers(filters: SyncLogFilters): boolean {
  return (Object.keys(ROLLUP_ANSWERS) as (keyof SyncLogFilters)[]).every((key) => ROLLUP_ANSWERS[key] || filters[key] === undefined);
}

const at = (d: Date) => Prisma.sql`${d.toISOString()}::timestamptz`;

/**
 * Buckets are wall-clock hours/days in `tz`, listed once as ascending instants (a DST change
 * merges or shortens a bucket); k-th bucket = [edges[k], edges[k+1]) clipped to [from, to).
 */
function edgesSql(window: { bucket: SyncLogBucketSize; from: Date; to: Date }, tz: string): Prisma.Sql {
  const unit = window.bucket === "hour" ? Prisma.sql`'hour'` : Prisma.sql`'day'`;
  const step = window.bucket === "hour" ? Prisma.sql`interval '1 hour'` : Prisma.sql`interval '1 day'`;
  return Prisma.sql`
    SELECT array_agg(e ORDER BY e) AS e FROM (
      SELECT DISTINCT (s AT TIME ZONE ${tz}) AS e
      FROM generate_series(date_trunc(${unit}, (${at(window.from)} AT TIME ZONE ${tz})), (${at(window.to)} AT TIME ZONE ${tz}) - interval '1 millisecond', ${step}) AS s
    ) d`;
}

/** One row per bucket from `counted` (bucket index i, outcome, n), zeros where nothing was counted. */
function perBucket(edges: Prisma.Sql, counted: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH edges AS (${edges}), counted AS (${counted})
    SELECT (SELECT e FROM edges)[k.i] AS "start",
           coalesce(sum(c.n) FILTER (WHERE c."outcome" = 'SYNCED'), 0)::int AS synced,
           coalesce(sum(c.n) FILTER (WHERE c."outcome" = 'SKIPPED'), 0)::int AS skipped,
           coalesce(sum(c.n) FILTER (WHERE c."outcome" = 'FAILED'), 0)::int AS failed
    FROM generate_subscripts((SELECT e FROM edges), 1) AS k(i)
    LEFT JOIN counted c ON c.i = k.i
    GROUP BY k.i
    ORDER BY k.i`;
}

/** SyncLog conditions for the filters, without dates (each query applies its own window). */
function logConditions(workspaceId: string, filters: SyncLogFilters, now: Date): Prisma.Sql {
  return Prisma.join(
    [...filterConditions(workspaceId, { ...filters, range: undefined, from: undefined, to: undefined }, now), ...outcomeCondition(filters.outcome)],
    " AND ",
  );
}

function rollupSql({
  workspaceId,
  filters,
  now,
  window,
  whole,
  edges,
}: {
  workspaceId: string;
  filters: SyncLogFilters;
  now: Date;
  window: { from: Date; to: Date };
  /** The whole UTC hours of the window. */
  whole: { from: Date; to: Date };
  /** Bucket starts, each on a whole UTC hour. */
  edges: Date[];
}): Prisma.Sql {
  const rollupWhere = Prisma.join(
    [
      Prisma.sql`"workspaceId" = ${workspaceId}::uuid`,
      ...(filters.destination ? [Prisma.sql`"provider" = ${filters.destination}::"IntegrationProvider"`] : []),
      ...(filters.kind ? [Prisma.sql`"kind" = ${filters.kind}::"SyncKind"`] : []),
      ...outcomeCondition(filters.outcome),
      Prisma.sql`"hour" >= ${at(whole.from)} AND "hour" < ${at(whole.to)}`,
    ],
    " AND ",
  );
  const parts = [
    Prisma.sql`
      SELECT width_bucket("hour", (SELECT e FROM edges)) AS i, "outcome", sum("count")::int AS n
      FROM "SyncLogHourly" WHERE ${rollupWhere}
      GROUP BY 1, 2`,
  ];
  // The partial hours at the window's ends (a relative range ends at now) are counted row by row.
  const logWhere = logConditions(workspaceId, filters, now);
  for (const [lo, hi] of [
    [window.from, whole.from],
    [whole.to, window.to],
  ]) {
    if (lo < hi) {
      parts.push(Prisma.sql`
        SELECT width_bucket("createdAt", (SELECT e FROM edges)) AS i, "outcome", count(*)::int AS n
        FROM "SyncLog" WHERE ${logWhere} AND "createdAt" >= ${at(lo)} AND "createdAt" < ${at(hi)}
        GROUP BY 1, 2`);
    }
  }
  const edgeList = `{${edges.map((e) => e.toISOString()).join(",")}}`;
  return perBucket(Prisma.sql`SELECT ${edgeList}::timestamptz[] AS e`, Prisma.join(parts, " UNION ALL "));
}

/**
 * Whether every filter is answered by the (workspaceId, outcome, createdAt) index alone (outcome
 * and dates only): then counting ranges of that index beats reading rows.
 */
function countsFromOutcomeIndex(f: SyncLogFilters): boolean {
  return !(f.reason || f.destination || f.kind || f.requestId || f.requestNumber !== undefined || f.q);
}

function logSql(workspaceId: string, filters: SyncLogFilters, window: { bucket: SyncLogBucketSize; from: Date; to: Date }, now: Date): Prisma.Sql {
  const edges = edgesSql(window, filters.tz);
  const fromAt = at(window.from);
  const toAt = at(window.to);
  const where = logConditions(workspaceId, filters, now);
  if (!countsFromOutcomeIndex(filters)) {
    // Other filters: the rows are read once, through the index the filters pick, and grouped.
    return perBucket(
      edges,
      Prisma.sql`
        SELECT width_bucket("createdAt", (SELECT e FROM edges)) AS i, "outcome", count(*)::int AS n
        FROM "SyncLog"
        WHERE ${where} AND "createdAt" >= ${fromAt} AND "createdAt" < ${toAt}
        GROUP BY 1, 2`,
    );
  }
  // Outcome and dates only: one count per bucket and outcome, each a range of the (workspaceId,
  // outcome, createdAt) index read without touching the table, so nothing is sorted or hashed.
  // Outcomes the filter leaves out are 0 without a query.
  const selected = filters.outcome.length ? filters.outcome : (["SYNCED", "SKIPPED", "FAILED"] as const);
  const count = (outcome: "SYNCED" | "SKIPPED" | "FAILED") =>
    selected.includes(outcome)
      ? Prisma.sql`(SELECT count(*) FROM "SyncLog"
          WHERE ${where} AND "outcome" = ${outcome}::"SyncOutcome"
            AND "createdAt" >= greatest(b.lo, ${fromAt}) AND "createdAt" < least(b.hi, ${toAt}))::int`
      : Prisma.sql`0`;
  return Prisma.sql`
    WITH edges AS (${edges}), b AS (
      SELECT k.i, (SELECT e FROM edges)[k.i] AS lo, coalesce((SELECT e FROM edges)[k.i + 1], ${toAt}) AS hi
      FROM generate_subscripts((SELECT e FROM edges), 1) AS k(i)
    )
    SELECT b.lo AS "start", ${count("SYNCED")} AS synced, ${count("SKIPPED")} AS skipped, ${count("FAILED")} AS failed
    FROM b
    ORDER BY b.i`;
}
