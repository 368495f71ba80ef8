import { db as defaultDb, type Db } from "@/lib/db";
import type { EventPayload } from "@/lib/events/catalog";

export type PushRequest = EventPayload<"ferry/sync.push-requested">;

/**
 * A change to a request becomes one push per live destination of its workspace. Disconnected
 * integrations get nothing; integrations that need attention still get the push, which records
 * it as held back and releases it when the credentials are fixed.
 */
export async function planRequestPushes(
  input: { workspaceId: string; requestId: string; trigger: string },
  deps: { db?: Db } = {},
): Promise<PushRequest[]> {
  const db = deps.db ?? defaultDb();
  const integrations = await db.integration.findMany({
    where: { workspaceId: input.workspaceId, status: { not: "DISCONNECTED" } },
    select: { id: true, provider: true, budgetKey: true },
    orderBy: { createdAt: "asc" },
  });
  return integrations.map((i) => ({
    workspaceId: input.workspaceId,
    requestId: input.requestId,
    integrationId: i.id,
    provider: i.provider,
    budgetKey: i.budgetKey,
    trigger: input.trigger,
  }));
}

/** Every push an integration held back while it needed attention, oldest first. */
export async function heldPushes(input: { workspaceId: string; integrationId: string; trigger: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  const integration = await db.integration.findFirst({
    where: { id: input.integrationId, workspaceId: input.workspaceId, status: "CONNECTED" },
    select: { id: true, provider: true, budgetKey: true },
  });
  if (!integration) return [];
  const held = await db.requestSync.findMany({
    where: { integrationId: integration.id, state: { in: ["HELD", "PENDING"] } },
    select: { requestId: true },
    orderBy: { updatedAt: "asc" },
    take: 10_000,
  });
  return held.map(
    (h): PushRequest => ({
      workspaceId: input.workspaceId,
      requestId: h.requestId,
      integrationId: integration.id,
      provider: integration.provider,
      budgetKey: integration.budgetKey,
      trigger: input.trigger,
    }),
  );
}

/** Live Vitally integrations of a workspace (a custom field changed: their schemas need a look). */
export async function liveIntegrations(input: { workspaceId: string; provider: "VITALLY" | "SALESFORCE" }, deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  return db.integration.findMany({
    where: { workspaceId: input.workspaceId, provider: input.provider, status: "CONNECTED" },
    select: { id: true },
  });
}
