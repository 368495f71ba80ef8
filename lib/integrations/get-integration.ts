import type { IntegrationProvider } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The workspace's live (not disconnected) integration with a provider, or null. */
export async function findLiveIntegration(workspaceId: string, provider: IntegrationProvider, deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  return db.integration.findFirst({ where: { workspaceId, provider, status: { not: "DISCONNECTED" } } });
}

/** An integration of the workspace by id; not found otherwise (never another workspace's). */
export async function requireIntegration(workspaceId: string, integrationId: string, deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  const integration = await db.integration.findFirst({ where: { id: integrationId, workspaceId } });
  if (!integration) throw new AppError("not_found", "Integration not found.");
  return integration;
}
