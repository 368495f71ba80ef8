import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import type { Channel, RequestStatus, Urgency } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  REQUEST_SORTS,
  type RequestListItem,
  type RequestListPage,
  type RequestSort,
  type RequestsQuery,
} from "@/lib/dashboard/requests-query";

/**
 * The requests table's read model: filters, search, sort and keyset pagination. Each cursor holds
 * the sort key and the id of the row it points at, so a deep page costs the same as the first: the
 * (workspaceId[, status|channel|urgency], createdAt desc, id desc) indexes answer the row
 * comparison directly.
 */
const ZCursor = z.object({
  s: z.enum(REQUEST_SORTS),
  d: z.enum(["asc", "desc"]),
  v: z.union([z.string(), z.number()]),
  id: z.uuid(),
  /** true: the page before this row; false: the page after it. */
  b: z.boolean(),
});
type Cursor = z.infer<typeof ZCursor>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(raw: string, sort: RequestSort, dir: "asc" | "desc"): Cursor | null {
  let parsed: Cursor;
  try {
    parsed = ZCursor.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new AppError("invalid_input", "This page link is not valid any more; go back to the first page.", {
      cursor: ["Not a valid page cursor."],
    });
  }
  // A cursor made for another sort order points nowhere useful: start from the first page.
  if (parsed.s !== sort || parsed.d !== dir) return null;
  if (sort === "number" ? typeof parsed.v !== "number" : typeof parsed.v !== "string") {
    throw new AppError("invalid_input", "This page link is not valid any more; go back to the first page.", {
      cursor: ["Not a valid page cursor."],
    });
  }
  return parsed;
}

type Row = Omit<RequestListItem, "createdAt" | "updatedAt"> & { createdAt: Date; updatedAt: Date };

const SORT_COLUMN: Record<RequestSort, Prisma.Sql> = {
  created: Prisma.sql`"createdAt"`,
  updated: Prisma.sql`"updatedAt"`,
  number: Prisma.sql`"number"`,
};

function sortValue(row: Row, sort: RequestSort): string | number {
  if (sort === "number") return row.number;
  return (sort === "created" ? row.createdAt : row.updatedAt).toISOString();
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

function filterConditions(workspaceId: string, q: RequestsQuery): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`"workspaceId" = ${workspaceId}::uuid`];
  if (q.status) where.push(Prisma.sql`"status" = ${q.status}::"RequestStatus"`);
  if (q.channel) where.push(Prisma.sql`"channel" = ${q.channel}::"Channel"`);
  if (q.urgency) where.push(Prisma.sql`"urgency" = ${q.urgency}::"Urgency"`);
  // Dates are whole days in UTC: from the start of `from` to the end of `to`.
  if (q.from) where.push(Prisma.sql`"createdAt" >= ${`${q.from}T00:00:00.000Z`}::timestamptz`);
  if (q.to) where.push(Prisma.sql`"createdAt" < ${nextDay(q.to)}::timestamptz`);
  if (q.q) {
    const text = q.q.trim();
    // "#135" is a request number: answered from the (workspaceId, number) index alone.
    if (/^#\d{1,9}$/.test(text)) {
      where.push(Prisma.sql`"number" = ${Number(text.slice(1))}`);
      return where;
    }
    const pattern = likePattern(text);
    const matches = [
      Prisma.sql`"title" ILIKE ${pattern}`,
      Prisma.sql`"requestorName" ILIKE ${pattern}`,
      Prisma.sql`"requestorEmail" ILIKE ${pattern}`,
    ];
    // Text search is a scan (no trigram index yet); a bare number also matches that request.
    const asNumber = /^\d{1,9}$/.test(text) ? Number(text) : null;
    if (asNumber !== null) matches.unshift(Prisma.sql`"number" = ${asNumber}`);
    where.push(Prisma.sql`(${Prisma.join(matches, " OR ")})`);
  }
  return where;
}

type Plan = { sql: Prisma.Sql; cursor: Cursor | null; backward: boolean };

/** The page's SQL, exported so a test can EXPLAIN exactly what runs. */
export function listRequestsSql(input: { workspaceId: string; query: RequestsQuery }): Plan {
  const { query } = input;
  const { sort, dir, limit } = query;
  const cursor = query.cursor ? decodeCursor(query.cursor, sort, dir) : null;
  const backward = cursor?.b ?? false;
  // Walking backwards reads the rows before the cursor in reverse order, then flips them.
  const descending = (dir === "desc") !== backward;
  const order = descending ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const column = SORT_COLUMN[sort];

  const where = filterConditions(input.workspaceId, query);
  if (cursor) {
    const cmp = descending ? Prisma.sql`<` : Prisma.sql`>`;
    if (sort === "number") {
      where.push(Prisma.sql`"number" ${cmp} ${cursor.v}`);
    } else {
      where.push(Prisma.sql`(${column}, "id") ${cmp} (${cursor.v}::timestamptz, ${cursor.id}::uuid)`);
    }
  }

  const sql = Prisma.sql`
    SELECT "id", "number", "title", "requestorName", "requestorEmail", "requestorCompany", "channel", "status",
           "urgency", "assigneeName", "createdAt", "updatedAt"
    FROM "Request"
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${column} ${order}, "id" ${order}
    LIMIT ${limit + 1}`;
  return { sql, cursor, backward };
}

export async function listRequests(
  input: { workspaceId: string; query: RequestsQuery },
  deps: { db?: Db } = {},
): Promise<RequestListPage> {
  const db = deps.db ?? defaultDb();
  const { query } = input;
  const { sort, dir, limit } = query;
  const { sql, cursor, backward } = listRequestsSql(input);
  const rows = await db.$queryRaw<Row[]>(sql);

  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backward) {
    // Fewer rows than a page before the cursor: that is the first page; show it whole.
    if (!hasMore) return listRequests({ workspaceId: input.workspaceId, query: { ...query, cursor: undefined } }, deps);
    page.reverse();
  }

  const at = (row: Row, b: boolean) => encodeCursor({ s: sort, d: dir, v: sortValue(row, sort), id: row.id, b });
  const first = page[0];
  const last = page[page.length - 1];
  let nextCursor: string | null;
  let prevCursor: string | null;
  if (backward) {
    nextCursor = last ? at(last, false) : null;
    prevCursor = first ? at(first, true) : null;
  } else {
    nextCursor = hasMore && last ? at(last, false) : null;
    prevCursor = cursor ? (first ? at(first, true) : encodeCursor({ ...cursor, b: true })) : null;
  }

  return {
    items: page.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      requestorName: r.requestorName,
      requestorEmail: r.requestorEmail,
      requestorCompany: r.requestorCompany,
      channel: r.channel as Channel,
      status: r.status as RequestStatus,
      urgency: r.urgency as Urgency | null,
      assigneeName: r.assigneeName,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    })),
    nextCursor,
    prevCursor,
  };
}
