import { randomUUID } from "node:crypto";
import { db as defaultDb, type Db } from "@/lib/db";

/**
 * A per (request, integration) lease in ConversationSync.leaseUntil, the conversation twin of
 * lib/sync/request-sync-lease.ts (same contract, same RequestBusyError for the caller to throw):
 * whoever talks to Vitally about one request's conversation holds it, so two runs can never both
 * create the conversation or both send a message. A crashed holder's lease simply expires.
 */

export const CONVERSATION_LEASE_MS = 120_000;

export async function claimConversationSyncLease(
  input: { workspaceId: string; requestId: string; integrationId: string; leaseMs?: number },
  deps: { db?: Db } = {},
): Promise<boolean> {
  const db = deps.db ?? defaultDb();
  const ms = input.leaseMs ?? CONVERSATION_LEASE_MS;
  await db.$executeRaw`
    INSERT INTO "ConversationSync" ("id", "workspaceId", "requestId", "integrationId", "state", "createdAt", "updatedAt")
    VALUES (${randomUUID()}::uuid, ${input.workspaceId}::uuid, ${input.requestId}::uuid, ${input.integrationId}::uuid, 'PENDING', now(), now())
    ON CONFLICT ("requestId", "integrationId") DO NOTHING`;
  const claimed = await db.$executeRaw`
    UPDATE "ConversationSync" SET "leaseUntil" = now() + (${ms}::int * interval '1 millisecond')
    WHERE "requestId" = ${input.requestId}::uuid AND "integrationId" = ${input.integrationId}::uuid
      AND ("leaseUntil" IS NULL OR "leaseUntil" < now())`;
  return claimed === 1;
}

/** Pushes the lease's end further while a long run (a burst of messages) is still going. */
export async function extendConversationSyncLease(
  input: { requestId: string; integrationId: string; leaseMs?: number },
  deps: { db?: Db } = {},
): Promise<void> {
  const db = deps.db ?? defaultDb();
  const ms = input.leaseMs ?? CONVERSATION_LEASE_MS;
  await db.$executeRaw`
    UPDATE "ConversationSync" SET "leaseUntil" = now() + (${ms}::int * interval '1 millisecond')
    WHERE "requestId" = ${input.requestId}::uuid AND "integrationId" = ${input.integrationId}::uuid`;
}

export async function releaseConversationSyncLease(input: { requestId: string; integrationId: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  await db.$executeRaw`
    UPDATE "ConversationSync" SET "leaseUntil" = NULL
    WHERE "requestId" = ${input.requestId}::uuid AND "integrationId" = ${input.integrationId}::uuid`;
}
