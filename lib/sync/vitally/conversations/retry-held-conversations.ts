import { db as defaultDb } from "@/lib/db";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { RequestBusyError } from "@/lib/sync/request-sync-lease";
import { pushConversationToVitally, type ConversationDeps } from "./push-conversation-to-vitally";

/**
 * The scheduled re-check of held conversation messages (every 5 minutes): causes of a hold are
 * fixed outside Ferry (a user created in Vitally, an admin reactivated), so nothing else would
 * tell Ferry to try again. Bounded per run; the requests held longest since their last check go
 * first, so every held request gets its turn. A rate limit or a rejected key ends the round for
 * that integration (the next round continues); a request being pushed right now is left to that push.
 */
export const HELD_RETRY_BATCH = 50;

export type HeldRetrySummary = { checked: number; released: number; stillHeld: number; busy: number; failed: number; stoppedEarly: boolean };

export async function retryHeldConversations(
  input: { limit?: number; trigger?: string; workspaceId?: string } = {},
  deps: ConversationDeps = {},
): Promise<HeldRetrySummary> {
  const db = deps.db ?? defaultDb();
  const integrations = await db.integration.findMany({
    where: {
      provider: "VITALLY",
      status: "CONNECTED",
      settings: { path: ["syncConversations"], equals: true },
      ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}),
    },
    select: { id: true },
  });
  const summary: HeldRetrySummary = { checked: 0, released: 0, stillHeld: 0, busy: 0, failed: 0, stoppedEarly: false };
  if (integrations.length === 0) return summary;
  const held = await db.conversationSync.findMany({
    where: { integrationId: { in: integrations.map((i) => i.id) }, state: "HELD" },
    orderBy: { updatedAt: "asc" },
    take: input.limit ?? HELD_RETRY_BATCH,
    select: { workspaceId: true, requestId: true, integrationId: true },
  });
  const paused = new Set<string>();
  for (const h of held) {
    if (paused.has(h.integrationId)) continue;
    summary.checked++;
    try {
      const outcome = await pushConversationToVitally({ ...h, trigger: input.trigger ?? "held.recheck" }, deps);
      if (outcome.status === "held") summary.stillHeld++;
      else summary.released++;
    } catch (err) {
      if (err instanceof RequestBusyError) {
        summary.busy++;
        continue;
      }
      // One request's failure (logged on it by the push) must not starve the others.
      summary.failed++;
      if (isExternalApiError(err) && (err.kind === "rate_limited" || err.kind === "auth" || err.kind === "forbidden")) {
        paused.add(h.integrationId);
        summary.stoppedEarly = true;
      }
    }
  }
  return summary;
}
