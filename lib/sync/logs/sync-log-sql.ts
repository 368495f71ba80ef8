import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import type { SyncOutcome } from "@/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { interpretSearch, resolveTimeRange, type SyncLogFilters } from "@/lib/sync/logs/sync-logs-query";

/**
 * SQL shared by the sync log list, chart and CSV export, shaped for the SyncLog indexes:
 *   (workspaceId, createdAt desc, id desc)                 no filter, destination, kind, date
 *   (workspaceId, outcome, createdAt desc, id desc)        one outcome (two: one branch each, merged)
 *   (workspaceId, reasonCode, createdAt desc, id desc)     reason
 *   (workspaceId, requestId, createdAt desc, id desc)      request id
 *   (workspaceId, requestNumber)                           request number (a few dozen rows, sorted)
 *   (workspaceId, requestorEmail)                          email prefix, as a range: >= prefix AND < next prefix
 * Every condition starts with the workspace, so no query ever reads another workspace's rows.
 */

// ─── Cursor ──────────────────────────────────────────────────────────────────────────────────────

const ZCursor = z.object({
  /** createdAt, ISO 8601 with milliseconds (the column's precision). */
  t: z.iso.datetime(),
  /** SyncLog id (bigint) as digits. */
  id: z.string().regex(/^\d{1,19}$/),
  /** true: the page before this row; false: the page after it. */
  b: z.boolean(),
});
export type SyncLogCursor = z.infer<typeof ZCursor>;

export function encodeCursor(cursor: SyncLogCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(raw: string): SyncLogCursor {
  try {
    return ZCursor.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new AppError("invalid_input", "This page link is not valid any more; go back to the first page.", {
      cursor: ["Not a valid page cursor."],
    });
  }
}

// ─── Filters ─────────────────────────────────────────────────────────────────────────────────────

/** The smallest string greater than every string that starts with `prefix` (code point order). */
function prefixUpperBound(prefix: string): string {
  const chars = Array.from(prefix);
  const last = chars.pop()!.codePointAt(0)!;
  return chars.join("") + String.fromCodePoint(Math.min(last + 1, 0x10ffff));
}

/**
 * WHERE conditions for the filters, except outcome (see `outcomeBranches`). Emails are stored
 * lower-cased (record-sync-attempt), so a lower-cased prefix matches case-insensitively. The
 * prefix is a range (>= prefix AND < next prefix) so the (workspaceId, requestorEmail) index can
 * answer it and the planner estimates it from the column's histogram; this relies on the
 * database's code-point collation (C / C.UTF-8, as Ferry's databases are created).
 */
export function filterConditions(workspaceId: string, f: SyncLogFilters, now: Date): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`"workspaceId" = ${workspaceId}::uuid`];
  if (f.reason) where.push(Prisma.sql`"reasonCode" = ${f.reason}`);
  if (f.destination) where.push(Prisma.sql`"provider" = ${f.destination}::"IntegrationProvider"`);
  if (f.kind) where.push(Prisma.sql`"kind" = ${f.kind}::"SyncKind"`);
  if (f.requestNumber !== undefined) where.push(Prisma.sql`"requestNumber" = ${f.requestNumber}::int`);
  if (f.requestId) where.push(Prisma.sql`"requestId" = ${f.requestId}::uuid`);
  const { from, to } = resolveTimeRange(f, now);
  if (from) where.push(Prisma.sql`"createdAt" >= ${from.toISOString()}::timestamptz`);
  if (to) where.push(Prisma.sql`"createdAt" < ${to.toISOString()}::timestamptz`);
  const search = interpretSearch(f.q);
  if (search && "requestNumber" in search) {
    where.push(Prisma.sql`"requestNumber" = ${search.requestNumber}::int`);
  } else if (search) {
    const p = search.emailPrefix;
    where.push(Prisma.sql`"requestorEmail" >= ${p} AND "requestorEmail" < ${prefixUpperBound(p)}`);
  }
  return where;
}

/**
 * Outcome filter as index-friendly branches. No outcome or all three: one branch, no condition.
 * One: `outcome = X`. Two: one branch per outcome, each read in index order and merged, because
 * `outcome IN (a, b)` cannot be read from the outcome index in createdAt order.
 */
export function outcomeBranches(outcomes: readonly SyncOutcome[]): Prisma.Sql[][] {
  if (outcomes.length === 0 || outcomes.length === 3) return [[]];
  return outcomes.map((o) => [Prisma.sql`"outcome" = ${o}::"SyncOutcome"`]);
}

/** All outcome conditions as one (for aggregates, where order does not matter). */
export function outcomeCondition(outcomes: readonly SyncOutcome[]): Prisma.Sql[] {
  if (outcomes.length === 0 || outcomes.length === 3) return [];
  if (outcomes.length === 1) return [Prisma.sql`"outcome" = ${outcomes[0]}::"SyncOutcome"`];
  return [Prisma.sql`"outcome" IN (${Prisma.join(outcomes.map((o) => Prisma.sql`${o}::"SyncOutcome"`))})`];
}

export const LIST_COLUMNS = Prisma.sql`"id", "createdAt", "integrationId", "provider", "kind", "requestId", "requestNumber",
  "requestorEmail", "trigger", "outcome", "reasonCode", "message", "remoteId", "durationMs",
  jsonb_array_length("calls")::int AS "callsCount"`;

/**
 * One keyset page: rows after (or, walking backwards, before) the cursor, newest first (or oldest
 * first when `descending` is false), at most `take` rows.
 */
export function pageSql(input: {
  workspaceId: string;
  filters: SyncLogFilters;
  now: Date;
  after: { t: string; id: string } | null;
  descending: boolean;
  take: number;
}): Prisma.Sql {
  const base = filterConditions(input.workspaceId, input.filters, input.now);
  if (input.after) {
    const cmp = input.descending ? Prisma.sql`<` : Prisma.sql`>`;
    base.push(Prisma.sql`("createdAt", "id") ${cmp} (${input.after.t}::timestamptz, ${input.after.id}::bigint)`);
  }
  const order = input.descending ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const branches = outcomeBranches(input.filters.outcome);
  const select = (extra: Prisma.Sql[]) => Prisma.sql`
    SELECT ${LIST_COLUMNS} FROM "SyncLog"
    WHERE ${Prisma.join([...base, ...extra], " AND ")}
    ORDER BY "createdAt" ${order}, "id" ${order}
    LIMIT ${input.take}::int`;
  if (branches.length === 1) return select(branches[0]);
  return Prisma.sql`
    SELECT * FROM (${Prisma.join(
      branches.map((b) => Prisma.sql`(${select(b)})`),
      " UNION ALL ",
    )}) AS merged
    ORDER BY "createdAt" ${order}, "id" ${order}
    LIMIT ${input.take}::int`;
}

export type ListRow = {
  id: bigint;
  createdAt: Date;
  integrationId: string;
  provider: string;
  kind: string;
  requestId: string | null;
  requestNumber: number | null;
  requestorEmail: string | null;
  trigger: string;
  outcome: string;
  reasonCode: string | null;
  message: string | null;
  remoteId: string | null;
  durationMs: number;
  callsCount: number;
};
