import { randomUUID } from "node:crypto";
import { db as defaultDb, type Db } from "@/lib/db";

/**
 * A per (request, destination) lease in RequestSync.leaseUntil. Whoever pushes a request holds it
 * while talking to the destination; a second push of the same request at the same moment is told
 * the request is busy (and retries shortly), so a request can never become two remote records.
 * A holder that crashes loses the lease when it expires.
 */
export class RequestBusyError extends Error {
  readonly retryAfterMs: number;
  constructor(retryAfterMs = 2_000) {
    super("Another push of this request is in progress; retrying shortly.");
    this.name = "RequestBusyError";
    this.retryAfterMs = retryAfterMs;
  }
}

export async function claimRequestSyncLease(
  input: { workspaceId: string; requestId: string; integrationId: string; leaseMs?: number },
  deps: { db?: Db } = {},
): Promise<boolean> {
  const db = deps.db ?? defaultDb();
  const ms = input.leaseMs ?? 60_000;
  await db.$executeRaw`
    INSERT INTO "RequestSync" ("id", "workspaceId", "requestId", "integrationId", "state", "createdAt", "updatedAt")
    VALUES (${randomUUID()}::uuid, ${input.workspaceId}::uuid, ${input.requestId}::uuid, ${input.integrationId}::uuid, 'PENDING', now(), now())
    ON CONFLICT ("requestId", "integrationId") DO NOTHING`;
  const claimed = await db.$executeRaw`
    UPDATE "RequestSync" SET "leaseUntil" = now() + (${ms}::int * interval '1 millisecond')
    WHERE "requestId" = ${input.requestId}::uuid AND "integrationId" = ${input.integrationId}::uuid
      AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`;
  return claimed === 1;
}

export async function releaseRequestSyncLease(input: { requestId: string; integrationId: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  await db.$executeRaw`
    UPDATE "RequestSync" SET "leaseUntil" = NULL
    WHERE "requestId" = ${input.requestId}::uuid AND "integrationId" = ${input.integrationId}::uuid`;
}
