import type { IntegrationProvider, IntegrationStatus } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { describeVitallyTenant } from "@/lib/integrations/vitally/remote-tenant";
import { readVitallySettings, type VitallySettings } from "@/lib/integrations/vitally/settings";
import { usedInWindow, VITALLY_BUDGET } from "@/lib/sync/rate-budget";
import { readSchemaState, type TraitState } from "@/lib/sync/vitally/schema-state";

export type IntegrationCard = {
  id: string;
  provider: IntegrationProvider;
  status: IntegrationStatus;
  destination: string;
  baseUrl: string;
  isSandbox: boolean;
  credentialHint: string;
  connectedAt: string;
  attentionReason: string | null;
  attentionSince: string | null;
  settings: VitallySettings;
  schema: { customObjectId: string | null; checkedAt: string | null; error: string | null; traits: TraitState[]; problems: number };
  last24h: { synced: number; skipped: number; failed: number };
  heldBack: number;
  budget: { usedThisMinute: number; limit: number };
};

/**
 * The Integrations page's read model: one card per live integration of the workspace (no
 * secrets: only the masked credential hint), with its state, switches, schema, recent outcomes
 * and how much of the destination's rate limit Ferry is using.
 */
export async function listIntegrations(input: { workspaceId: string }, deps: { db?: Db; now?: () => Date } = {}): Promise<IntegrationCard[]> {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const integrations = await db.integration.findMany({
    where: { workspaceId: input.workspaceId, status: { not: "DISCONNECTED" } },
    orderBy: { createdAt: "asc" },
  });
  return Promise.all(
    integrations.map(async (i) => {
      const since = new Date(now.getTime() - 86_400_000);
      const [counts, heldBack, used] = await Promise.all([
        db.syncLog.groupBy({ by: ["outcome"], where: { workspaceId: input.workspaceId, integrationId: i.id, createdAt: { gte: since } }, _count: true }),
        db.requestSync.count({ where: { integrationId: i.id, state: "HELD" } }),
        usedInWindow({ budgetKey: i.budgetKey }, { db, now: () => now }),
      ]);
      const count = (o: string) => counts.find((c) => c.outcome === o)?._count ?? 0;
      const schema = readSchemaState(i.schemaState);
      return {
        id: i.id,
        provider: i.provider,
        status: i.status,
        destination: i.provider === "VITALLY" ? describeVitallyTenant(i) : i.remoteTenant,
        baseUrl: i.baseUrl,
        isSandbox: i.isSandbox,
        credentialHint: i.credentialHint,
        connectedAt: i.connectedAt.toISOString(),
        attentionReason: i.attentionReason,
        attentionSince: i.attentionSince?.toISOString() ?? null,
        settings: readVitallySettings(i.settings),
        schema: { ...schema, problems: schema.traits.filter((t) => t.status !== "ok").length },
        last24h: { synced: count("SYNCED"), skipped: count("SKIPPED"), failed: count("FAILED") },
        heldBack,
        budget: { usedThisMinute: used, limit: VITALLY_BUDGET.limit },
      };
    }),
  );
}

/** Integrations needing attention, for the dashboard-wide banner. */
export async function integrationsNeedingAttention(input: { workspaceId: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  return db.integration.findMany({
    where: { workspaceId: input.workspaceId, status: "NEEDS_ATTENTION" },
    select: { id: true, provider: true, attentionReason: true, attentionSince: true },
  });
}
