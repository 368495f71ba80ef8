import { db as defaultDb, type Db } from "@/lib/db";
import type { IntegrationProvider, SyncKind, SyncOutcome } from "@/generated/prisma/enums";
import { decodeCursor, encodeCursor, pageSql, type ListRow } from "@/lib/sync/logs/sync-log-sql";
import type { SyncLogListItem, SyncLogPage, SyncLogsQuery } from "@/lib/sync/logs/sync-logs-query";

/**
 * The sync logs table's read model: filters, search and keyset pagination, newest first. A cursor
 * holds the createdAt and id of the row it points at, so a deep page costs the same as the first:
 * the SyncLog indexes answer `(createdAt, id) < (cursor)` directly (see sync-log-sql.ts).
 */
export async function listSyncLogs(
  input: { workspaceId: string; query: SyncLogsQuery },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<SyncLogPage> {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const { query } = input;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const backward = cursor?.b ?? false;

  const rows = await db.$queryRaw<ListRow[]>(
    pageSql({
      workspaceId: input.workspaceId,
      filters: query,
      now,
      after: cursor,
      // Walking backwards reads the rows before the cursor oldest first, then flips them.
      descending: !backward,
      take: query.limit + 1,
    }),
  );

  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backward) {
    // Fewer rows than a page before the cursor: that is the first page; show it whole.
    if (!hasMore) return listSyncLogs({ workspaceId: input.workspaceId, query: { ...query, cursor: undefined } }, deps);
    page.reverse();
  }

  const at = (row: ListRow, b: boolean) => encodeCursor({ t: row.createdAt.toISOString(), id: row.id.toString(), b });
  const firstRow = page[0];
  const lastRow = page[page.length - 1];
  let nextCursor: string | null;
  let prevCursor: string | null;
  if (backward) {
    nextCursor = lastRow ? at(lastRow, false) : null;
    prevCursor = firstRow ? at(firstRow, true) : null;
  } else {
    nextCursor = hasMore && lastRow ? at(lastRow, false) : null;
    prevCursor = cursor ? (firstRow ? at(firstRow, true) : encodeCursor({ ...cursor, b: true })) : null;
  }

  return { items: page.map(toListItem), nextCursor, prevCursor };
}

export function toListItem(r: ListRow): SyncLogListItem {
  return {
    id: r.id.toString(),
    createdAt: r.createdAt.toISOString(),
    integrationId: r.integrationId,
    provider: r.provider as IntegrationProvider,
    kind: r.kind as SyncKind,
    requestId: r.requestId,
    requestNumber: r.requestNumber,
    requestorEmail: r.requestorEmail,
    trigger: r.trigger,
    outcome: r.outcome as SyncOutcome,
    reasonCode: r.reasonCode,
    message: r.message,
    remoteId: r.remoteId,
    durationMs: r.durationMs,
    callsCount: r.callsCount,
  };
}
