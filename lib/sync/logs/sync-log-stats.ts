import { Prisma } from "@/generated/prisma/client";
import { db as defaultDb, type Db } from "@/lib/db";
import { filterConditions, outcomeCondition } from "@/lib/sync/logs/sync-log-sql";
import { resolveTimeRange, type SyncLogFilters } from "@/lib/sync/logs/sync-logs-query";

/**
 * Synced / skipped / failed counts per time bucket for the sync logs chart, with the list's
 * filters. Buckets are hours for windows up to 3 days and days otherwise, in the query's time
 * zone; empty buckets are zeros. Without a date filter the chart shows the last 7 days.
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

export const DEFAULT_STATS_WINDOW_MS = 7 * 86_400_000;
/** Longest window charted; an older `from` is moved up to keep the chart readable and the query bounded. */
export const MAX_STATS_WINDOW_MS = 366 * 86_400_000;
const HOURLY_UP_TO_MS = 3 * 86_400_000;

export async function syncLogStats(
  input: { workspaceId: string; filters: SyncLogFilters },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<SyncLogStats> {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const { sql, bucket, from, to } = syncLogStatsSql(input.workspaceId, input.filters, now);
  // PostgreSQL's JIT compiles this (costly-looking) query every time and spends 30–200 ms doing
  // so on 1M rows, more than it saves: switched off for this one transaction.
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL jit = off`,
    db.$queryRaw<{ start: Date; synced: number; skipped: number; failed: number }[]>(sql),
  ]);
  const buckets = rows.map((r) => ({ start: r.start.toISOString(), synced: r.synced, skipped: r.skipped, failed: r.failed }));
  const totals = buckets.reduce(
    (t, b) => ({ synced: t.synced + b.synced, skipped: t.skipped + b.skipped, failed: t.failed + b.failed }),
    { synced: 0, skipped: 0, failed: 0 },
  );
  return { bucket, from: from.toISOString(), to: to.toISOString(), timeZone: input.filters.tz, buckets, totals };
}

/**
 * Whether every filter is answered by the (workspaceId, outcome, createdAt) index alone (outcome
 * and dates only): then counting ranges of that index beats reading rows.
 */
function countsFromOutcomeIndex(f: SyncLogFilters): boolean {
  return !(f.reason || f.destination || f.kind || f.requestId || f.requestNumber !== undefined || f.q);
}

/** The chart's query and the window and bucket size it uses (exported for EXPLAIN in the benchmark). */
export function syncLogStatsSql(
  workspaceId: string,
  filters: SyncLogFilters,
  now: Date,
): { sql: Prisma.Sql; bucket: SyncLogBucketSize; from: Date; to: Date } {
  const range = resolveTimeRange(filters, now);
  const to = range.to ?? now;
  let from = range.from ?? new Date(to.getTime() - DEFAULT_STATS_WINDOW_MS);
  if (to.getTime() - from.getTime() > MAX_STATS_WINDOW_MS) from = new Date(to.getTime() - MAX_STATS_WINDOW_MS);
  const bucket: SyncLogBucketSize = to.getTime() - from.getTime() <= HOURLY_UP_TO_MS ? "hour" : "day";
  const tz = filters.tz;

  const unit = bucket === "hour" ? Prisma.sql`'hour'` : Prisma.sql`'day'`;
  const step = bucket === "hour" ? Prisma.sql`interval '1 hour'` : Prisma.sql`interval '1 day'`;
  const fromAt = Prisma.sql`${from.toISOString()}::timestamptz`;
  const toAt = Prisma.sql`${to.toISOString()}::timestamptz`;
  // The window is applied below (not through the filters) so the default and clamped windows count too.
  const where = Prisma.join(
    [
      ...filterConditions(workspaceId, { ...filters, range: undefined, from: undefined, to: undefined }, now),
      ...outcomeCondition(filters.outcome),
    ],
    " AND ",
  );
  // Buckets are wall-clock hours/days in `tz`, listed once as ascending instants (a DST change
  // merges or shortens a bucket); k-th bucket = [edges[k], edges[k+1]) clipped to [from, to).
  const edges = Prisma.sql`
    SELECT array_agg(e ORDER BY e) AS e FROM (
      SELECT DISTINCT (s AT TIME ZONE ${tz}) AS e
      FROM generate_series(date_trunc(${unit}, (${fromAt} AT TIME ZONE ${tz})), (${toAt} AT TIME ZONE ${tz}) - interval '1 millisecond', ${step}) AS s
    ) d`;

  let sql: Prisma.Sql;
  if (!countsFromOutcomeIndex(filters)) {
    // Other filters: the rows are read once, through the index the filters pick, and grouped.
    sql = Prisma.sql`
      WITH edges AS (${edges}), counted AS (
        SELECT width_bucket("createdAt", (SELECT e FROM edges)) AS i, "outcome", count(*)::int AS n
        FROM "SyncLog"
        WHERE ${where} AND "createdAt" >= ${fromAt} AND "createdAt" < ${toAt}
        GROUP BY 1, 2
      )
      SELECT (SELECT e FROM edges)[k.i] AS "start",
             coalesce(sum(c.n) FILTER (WHERE c."outcome" = 'SYNCED'), 0)::int AS synced,
             coalesce(sum(c.n) FILTER (WHERE c."outcome" = 'SKIPPED'), 0)::int AS skipped,
             coalesce(sum(c.n) FILTER (WHERE c."outcome" = 'FAILED'), 0)::int AS failed
      FROM generate_subscripts((SELECT e FROM edges), 1) AS k(i)
      LEFT JOIN counted c ON c.i = k.i
      GROUP BY k.i
      ORDER BY k.i`;
  } else {
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
    sql = Prisma.sql`
      WITH edges AS (${edges}), b AS (
        SELECT k.i, (SELECT e FROM edges)[k.i] AS lo, coalesce((SELECT e FROM edges)[k.i + 1], ${toAt}) AS hi
        FROM generate_subscripts((SELECT e FROM edges), 1) AS k(i)
      )
      SELECT b.lo AS "start", ${count("SYNCED")} AS synced, ${count("SKIPPED")} AS skipped, ${count("FAILED")} AS failed
      FROM b
      ORDER BY b.i`;
  }

  return { sql, bucket, from, to };
}
