import type { IntegrationStatus } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { openSalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { readSalesforceSettings, type SalesforceSettings } from "@/lib/integrations/salesforce/settings";
import { readSalesforceSchemaState, type SalesforceSchemaState } from "@/lib/sync/salesforce/schema-state";

export type SalesforceIntegrationCard = {
  id: string;
  status: IntegrationStatus;
  orgId: string;
  username: string;
  instanceUrl: string;
  environment: "production" | "sandbox";
  /** Connected through the emulator beside Ferry (its records can be browsed in Ferry). */
  emulator: boolean;
  connectedAt: string;
  attentionReason: string | null;
  attentionSince: string | null;
  pausedUntil: string | null;
  pauseReason: string | null;
  settings: SalesforceSettings;
  setup: SalesforceSchemaState & { problems: number };
  last24h: { synced: number; skipped: number; failed: number };
  heldBack: number;
  /** Pushes pause when this share of the org's daily API allocation is used. */
  pauseAtShare: number;
};

/**
 * The Salesforce card's read model: the workspace's live Salesforce integration (no secrets: the
 * connected user's name stands in for the tokens), its switches, set-up report, pause and recent
 * outcomes. Null when Salesforce is not connected.
 */
export async function getSalesforceIntegration(input: { workspaceId: string }, deps: { db?: Db; now?: () => Date } = {}): Promise<SalesforceIntegrationCard | null> {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const i = await db.integration.findFirst({ where: { workspaceId: input.workspaceId, provider: "SALESFORCE", status: { not: "DISCONNECTED" } } });
  if (!i) return null;
  const [counts, heldBack] = await Promise.all([
    db.syncLog.groupBy({ by: ["outcome"], where: { workspaceId: input.workspaceId, integrationId: i.id, createdAt: { gte: new Date(now.getTime() - 86_400_000) } }, _count: true }),
    db.requestSync.count({ where: { integrationId: i.id, state: "HELD" } }),
  ]);
  const count = (o: string) => counts.find((c) => c.outcome === o)?._count ?? 0;
  let environment: "production" | "sandbox" = "production";
  try {
    environment = openSalesforceCredentials(i).environment;
  } catch {
    // Unreadable credentials show up as failed calls; the card still renders.
  }
  const setup = readSalesforceSchemaState(i.schemaState);
  const problems = setup.checkedAt === null ? 0 : (setup.object.exists ? 0 : 1) + setup.fields.filter((f) => !f.exists || !f.typeOk || !f.fls).length;
  return {
    id: i.id,
    status: i.status,
    orgId: i.remoteTenant,
    username: i.credentialHint,
    instanceUrl: i.baseUrl,
    environment,
    emulator: i.isSandbox,
    connectedAt: i.connectedAt.toISOString(),
    attentionReason: i.attentionReason,
    attentionSince: i.attentionSince?.toISOString() ?? null,
    pausedUntil: i.pausedUntil && i.pausedUntil > now ? i.pausedUntil.toISOString() : null,
    pauseReason: i.pausedUntil && i.pausedUntil > now ? i.pauseReason : null,
    settings: readSalesforceSettings(i.settings),
    setup: { ...setup, problems },
    last24h: { synced: count("SYNCED"), skipped: count("SKIPPED"), failed: count("FAILED") },
    heldBack,
    pauseAtShare: 1 - env().SALESFORCE_API_RESERVE,
  };
}
