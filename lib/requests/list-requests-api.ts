import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/api/parse-input";
import { CHANNEL, STATUS } from "@/lib/requests/enums";
import type { ApiRequestSummary } from "@/lib/requests/schemas";
import { toApiRequestSummary } from "@/lib/requests/serialize";

export const ZListRequestsQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(25).describe("Page size, 1–100."),
    cursor: z.string().max(200).optional().describe("nextCursor of the previous page."),
    status: STATUS.schema.optional(),
    channel: CHANNEL.schema.optional(),
  });

export type ListRequestsQuery = z.input<typeof ZListRequestsQuery>;

/** Opaque keyset cursor: the last row's (createdAt, id). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { createdAt, id };
}

/**
 * The workspace's requests, newest first (createdAt, then id), a page at a time with a keyset
 * cursor, so deep pages cost the same as the first. Messages are not included: GET one request.
 */
export async function listRequestsApi(
  input: { workspaceId: string; query: ListRequestsQuery },
  deps: { db?: Db } = {},
): Promise<{ data: ApiRequestSummary[]; nextCursor: string | null }> {
  const db = deps.db ?? defaultDb();
  const query = parseInput(ZListRequestsQuery, input.query);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !after) {
    throw new AppError("invalid_input", "The request has invalid fields.", { cursor: ["Not a cursor this API returned."] });
  }

  const where: Prisma.RequestWhereInput = {
    workspaceId: input.workspaceId,
    ...(query.status ? { status: STATUS.toDb(query.status) } : {}),
    ...(query.channel ? { channel: CHANNEL.toDb(query.channel) } : {}),
    ...(after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : {}),
  };
  const rows = await db.request.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    data: page.map(toApiRequestSummary),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}
