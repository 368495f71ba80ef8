import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/outbox/record-event";

/**
 * "Retry sync": asks for a fresh push of a request to each live destination (or one), through the
 * outbox like every other change, so the retry survives an unreachable Inngest.
 */
export async function requestSyncRetry(
  input: { workspaceId: string; requestId: string; integrationId?: string },
  deps: { db?: Db } = {},
): Promise<{ queued: number }> {
  const db = deps.db ?? defaultDb();
  return db.$transaction(async (tx) => {
    const request = await tx.request.findFirst({ where: { id: input.requestId, workspaceId: input.workspaceId }, select: { id: true } });
    if (!request) throw new AppError("not_found", "Not found");
    const integrations = await tx.integration.findMany({
      where: {
        workspaceId: input.workspaceId,
        status: { not: "DISCONNECTED" },
        ...(input.integrationId ? { id: input.integrationId } : {}),
      },
      select: { id: true, provider: true, budgetKey: true },
    });
    if (input.integrationId && integrations.length === 0) throw new AppError("not_found", "Integration not found.");
    for (const i of integrations) {
      await recordEvent(tx, {
        name: "ferry/sync.push-requested",
        aggregateType: "request",
        aggregateId: request.id,
        payload: {
          workspaceId: input.workspaceId,
          requestId: request.id,
          integrationId: i.id,
          provider: i.provider,
          budgetKey: i.budgetKey,
          trigger: "retry",
        },
      });
    }
    return { queued: integrations.length };
  });
}
