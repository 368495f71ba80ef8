import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/outbox/record-event";
import { recordSyncAttempt } from "@/lib/sync/logs/record-sync-attempt";
import { describeReason } from "@/lib/sync/reason-codes";

/**
 * "Skip this message" on a held conversation message: some causes cannot be fixed afterwards (a
 * platform that sent a customer message without its author's email), and a held message keeps
 * every later message of the request waiting. Skipping marks it SKIPPED with who chose to, logs it,
 * and asks for a push (through the outbox, like Retry sync) so the later messages go. The message
 * stays in Ferry and in the request's thread traits. Call kickOutbox() after it returns.
 */
export async function skipHeldConversationMessage(
  input: { workspaceId: string; requestId: string; messageId: string; integrationId: string; actorName?: string | null; actorUserId?: string | null },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<{ skipped: true }> {
  const db = deps.db ?? defaultDb();
  return db.$transaction(async (tx) => {
    const sync = await tx.messageSync.findFirst({
      where: { workspaceId: input.workspaceId, requestId: input.requestId, messageId: input.messageId, integrationId: input.integrationId },
      include: { integration: { select: { provider: true, budgetKey: true } } },
    });
    if (!sync) throw new AppError("not_found", "This message has no conversation sync for that integration.");
    if (sync.state !== "HELD" && sync.state !== "FAILED") {
      throw new AppError("conflict", "Only a held or failed message can be skipped.");
    }
    const actorName =
      input.actorName ?? (input.actorUserId ? ((await tx.user.findUnique({ where: { id: input.actorUserId }, select: { name: true } }))?.name ?? null) : null);
    const request = await tx.request.findFirstOrThrow({ where: { id: input.requestId }, select: { number: true, requestorEmail: true } });
    await tx.messageSync.update({ where: { id: sync.id }, data: { state: "SKIPPED", reasonCode: "message_skipped_by_member" } });
    // The reason in words ("the sender has no email"), not its code.
    const why = sync.reasonCode ? describeReason(sync.reasonCode, { destination: "Vitally" }).title.replace(/^Held: /, "") : "no reason recorded";
    await recordSyncAttempt(
      {
        workspaceId: input.workspaceId,
        integrationId: input.integrationId,
        provider: sync.integration.provider,
        kind: "MESSAGE",
        requestId: input.requestId,
        requestNumber: request.number,
        requestorEmail: request.requestorEmail,
        trigger: "skip",
        outcome: "SKIPPED",
        reasonCode: "message_skipped_by_member",
        message: `${actorName ? `${actorName} skipped` : "Skipped"} this message (it was ${sync.state === "HELD" ? "held" : "failed"}: ${why}); the request's later messages no longer wait for it.`,
        durationMs: 0,
      },
      { db: tx as Db, now: deps.now },
    );
    await recordEvent(tx, {
      name: "ferry/sync.push-requested",
      aggregateType: "request",
      aggregateId: input.requestId,
      payload: {
        workspaceId: input.workspaceId,
        requestId: input.requestId,
        integrationId: input.integrationId,
        provider: sync.integration.provider,
        budgetKey: sync.integration.budgetKey,
        trigger: "skip",
      },
    });
    return { skipped: true as const };
  });
}
