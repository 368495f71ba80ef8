import type { IntegrationProvider, SyncKind, SyncOutcome } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SyncLogListItem } from "@/lib/sync/logs/sync-logs-query";

/** One sync attempt in full (its calls and linking decision), for a log row's detail view. */
export type SyncLogCall = { method: string; path: string; status: number; durationMs: number; kind?: string };
export type SyncLogDetail = SyncLogListItem & { calls: SyncLogCall[]; decision: unknown };

export async function getSyncLog(
  input: { workspaceId: string; id: string },
  deps: { db?: Db } = {},
): Promise<SyncLogDetail> {
  const db = deps.db ?? defaultDb();
  if (!/^\d{1,19}$/.test(input.id)) throw new AppError("not_found", "This sync log entry does not exist.");
  const row = await db.syncLog.findFirst({ where: { id: BigInt(input.id), workspaceId: input.workspaceId } });
  if (!row) throw new AppError("not_found", "This sync log entry does not exist.");
  const calls = Array.isArray(row.calls) ? (row.calls as SyncLogCall[]) : [];
  return {
    id: row.id.toString(),
    createdAt: row.createdAt.toISOString(),
    integrationId: row.integrationId,
    provider: row.provider as IntegrationProvider,
    kind: row.kind as SyncKind,
    requestId: row.requestId,
    requestNumber: row.requestNumber,
    requestorEmail: row.requestorEmail,
    trigger: row.trigger,
    outcome: row.outcome as SyncOutcome,
    reasonCode: row.reasonCode,
    message: row.message,
    remoteId: row.remoteId,
    durationMs: row.durationMs,
    callsCount: calls.length,
    calls,
    decision: row.decision ?? null,
  };
}
