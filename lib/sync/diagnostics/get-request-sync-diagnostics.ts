import type { IntegrationProvider, IntegrationStatus, SyncOutcome, SyncState } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { describeVitallyTenant } from "@/lib/integrations/vitally/remote-tenant";
import { describeReason } from "@/lib/sync/reason-codes";
import type { DecisionRecord } from "@/lib/sync/vitally/push-request-to-vitally";
import { LINKING_TABLE } from "@/lib/vitally/linking";

export type DestinationDiagnostics = {
  integrationId: string;
  provider: IntegrationProvider;
  destination: string;
  integrationStatus: IntegrationStatus;
  isSandbox: boolean;
  state: SyncState | "NEVER";
  reasonCode: string | null;
  title: string;
  explanation: string;
  fix: string;
  remoteId: string | null;
  lastSyncedAt: string | null;
  lastAttemptAt: string | null;
  decision: DecisionRecord | null;
  linkingTable: (typeof LINKING_TABLE)[number][];
  recentAttempts: {
    id: string;
    createdAt: string;
    trigger: string;
    outcome: SyncOutcome;
    reasonCode: string | null;
    message: string | null;
    calls: { method: string; path: string; status: number; durationMs: number }[];
  }[];
};

/**
 * Everything a support lead needs to answer "why did request #135 (not) sync, and what do I fix?"
 * for each destination of the request's workspace: the last outcome in plain words, the linking
 * decision with its evidence and the table row that applied, the fix, and the recent attempts
 * with their calls. Scoped to the workspace.
 */
export async function getRequestSyncDiagnostics(
  input: { workspaceId: string; requestId: string },
  deps: { db?: Db } = {},
): Promise<DestinationDiagnostics[]> {
  const db = deps.db ?? defaultDb();
  const request = await db.request.findFirst({
    where: { id: input.requestId, workspaceId: input.workspaceId },
    select: { id: true, requestorEmail: true },
  });
  if (!request) return [];
  const integrations = await db.integration.findMany({
    where: { workspaceId: input.workspaceId, OR: [{ status: { not: "DISCONNECTED" } }, { requestSyncs: { some: { requestId: request.id } } }] },
    orderBy: { createdAt: "asc" },
  });
  const [syncs, logs] = await Promise.all([
    db.requestSync.findMany({ where: { requestId: request.id, integrationId: { in: integrations.map((i) => i.id) } } }),
    db.syncLog.findMany({
      where: { workspaceId: input.workspaceId, requestId: request.id, kind: "REQUEST" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 30,
    }),
  ]);

  return integrations.map((integration) => {
    const sync = syncs.find((s) => s.integrationId === integration.id) ?? null;
    const destination = integration.provider === "VITALLY" ? "Vitally" : "Salesforce";
    const decision = (sync?.decision as DecisionRecord | null) ?? null;
    const reason = sync?.reasonCode ?? null;
    const words = reason
      ? describeReason(reason, {
          destination,
          email: request.requestorEmail,
          domain: decision?.evidence?.fallback?.domain ?? null,
          candidates: decision?.candidates ?? [],
        })
      : sync?.state === "SYNCED"
        ? { title: `Synced to ${destination}`, explanation: "The latest change of this request is in the destination.", fix: "" }
        : { title: "Not pushed yet", explanation: `No push of this request to ${destination} has been attempted yet.`, fix: "" };
    return {
      integrationId: integration.id,
      provider: integration.provider,
      destination:
        integration.provider === "VITALLY"
          ? `Vitally · ${describeVitallyTenant(integration)}`
          : `Salesforce · ${integration.remoteTenant}`,
      integrationStatus: integration.status,
      isSandbox: integration.isSandbox,
      state: sync?.state ?? "NEVER",
      reasonCode: reason,
      ...words,
      remoteId: sync?.remoteId ?? null,
      lastSyncedAt: sync?.lastSyncedAt?.toISOString() ?? null,
      lastAttemptAt: sync?.lastAttemptAt?.toISOString() ?? null,
      decision,
      linkingTable: [...LINKING_TABLE],
      recentAttempts: logs
        .filter((l) => l.integrationId === integration.id)
        .slice(0, 10)
        .map((l) => ({
          id: l.id.toString(),
          createdAt: l.createdAt.toISOString(),
          trigger: l.trigger,
          outcome: l.outcome,
          reasonCode: l.reasonCode,
          message: l.message,
          calls: (l.calls as { method: string; path: string; status: number; durationMs: number }[]) ?? [],
        })),
    };
  });
}
