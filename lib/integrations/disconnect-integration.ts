import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requireIntegration } from "@/lib/integrations/get-integration";

/**
 * Stops all syncing to the destination. History (sync logs, per-request sync state) stays, and the
 * remote tenant is free to be connected again (here or elsewhere).
 */
export async function disconnectIntegration(
  ctx: { workspaceId: string; integrationId: string },
  deps: { db?: Db; now?: () => Date } = {},
) {
  const db = deps.db ?? defaultDb();
  const integration = await requireIntegration(ctx.workspaceId, ctx.integrationId, { db });
  if (integration.status === "DISCONNECTED") throw new AppError("conflict", "This integration is already disconnected.");
  return db.integration.update({
    where: { id: integration.id },
    data: {
      status: "DISCONNECTED",
      disconnectedAt: (deps.now ?? (() => new Date()))(),
      activeTenantKey: null,
      activeWorkspaceKey: null,
      attentionReason: null,
      attentionSince: null,
    },
  });
}
