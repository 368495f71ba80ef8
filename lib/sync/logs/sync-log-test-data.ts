import type { IntegrationProvider, SyncKind, SyncOutcome } from "@/generated/prisma/enums";
import { db } from "@/lib/db";
import { createWorkspace, uid } from "@/tests/factories";

/** Test data for the sync log tests: a workspace with an integration per destination, and bulk log rows. */
export async function createIntegration(workspaceId: string, provider: IntegrationProvider = "VITALLY") {
  const id = uid();
  return db().integration.create({
    data: {
      workspaceId,
      provider,
      baseUrl: provider === "VITALLY" ? `https://t${id}.rest.vitally.io` : `https://t${id}.my.salesforce.com`,
      remoteTenant: `tenant-${id}`,
      credentials: "v1:test:not-a-real-envelope",
      credentialHint: "sk_…abcd",
      budgetKey: `budget-${id}`,
    },
  });
}

export async function workspaceWithIntegrations() {
  const workspace = await createWorkspace();
  const vitally = await createIntegration(workspace.id, "VITALLY");
  const salesforce = await createIntegration(workspace.id, "SALESFORCE");
  return { workspace, vitally, salesforce };
}

export type LogRow = {
  createdAt: Date;
  outcome?: SyncOutcome;
  kind?: SyncKind;
  reasonCode?: string | null;
  requestNumber?: number | null;
  requestId?: string | null;
  requestorEmail?: string | null;
  message?: string | null;
  remoteId?: string | null;
  trigger?: string;
  calls?: unknown[];
  durationMs?: number;
};

/**
 * Inserts rows directly (the way the benchmark does), for listing, stats and export tests, and
 * counts them in SyncLogHourly in the same transaction, as recordSyncAttempt does.
 */
export async function insertLogs(
  integration: { id: string; workspaceId: string; provider: IntegrationProvider },
  rows: LogRow[],
) {
  const data = rows.map((r) => ({
    workspaceId: integration.workspaceId,
    integrationId: integration.id,
    provider: integration.provider,
    kind: r.kind ?? "REQUEST",
    outcome: r.outcome ?? "SYNCED",
    reasonCode: r.reasonCode ?? null,
    requestNumber: r.requestNumber ?? null,
    requestId: r.requestId ?? null,
    requestorEmail: r.requestorEmail ?? null,
    message: r.message ?? null,
    remoteId: r.remoteId ?? null,
    trigger: r.trigger ?? "ferry/request.updated",
    calls: (r.calls ?? []) as object[],
    durationMs: r.durationMs ?? 120,
    createdAt: r.createdAt,
  }));
  const counted = JSON.stringify(data.map((r) => ({ at: r.createdAt.toISOString(), kind: r.kind, outcome: r.outcome })));
  await db().$transaction(async (tx) => {
    await tx.syncLog.createMany({ data });
    await tx.$executeRaw`
      INSERT INTO "SyncLogHourly" AS h ("workspaceId", "hour", "provider", "kind", "outcome", "count")
      SELECT ${integration.workspaceId}::uuid, date_trunc('hour', x.at, 'UTC'), ${integration.provider}::"IntegrationProvider",
        x.kind::"SyncKind", x.outcome::"SyncOutcome", count(*)::int
      FROM jsonb_to_recordset(${counted}::jsonb) AS x(at timestamptz, kind text, outcome text)
      GROUP BY 2, 4, 5
      ON CONFLICT ("workspaceId", "hour", "provider", "kind", "outcome") DO UPDATE SET "count" = h."count" + EXCLUDED."count"`;
  });
}
