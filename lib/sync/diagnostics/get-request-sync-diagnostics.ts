import type { IntegrationProvider, IntegrationStatus, SyncOutcome, SyncState } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { describeVitallyTenant } from "@/lib/integrations/vitally/remote-tenant";
import { describeReason } from "@/lib/sync/reason-codes";
import { SALESFORCE_MATCHING_RULES, type SalesforceMatchRuleText } from "@/lib/sync/salesforce/matching-rules";
import type { SalesforceDecisionRecord } from "@/lib/sync/salesforce/push-request-to-salesforce";
import type { DecisionRecord } from "@/lib/sync/vitally/push-request-to-vitally";
import { LINKING_TABLE } from "@/lib/vitally/linking";

/**
 * Salesforce's part of a destination's diagnostics (null for Vitally). For the request page:
 * - `matchingRules`: the seed's matching rules in order (like Vitally's linking table), each with
 *   its plain-words description; `decision.evidence.path` says which one decided.
 * - `decision`: the last matching decision — linked or not, the reason, `candidates` (Accounts
 *   with id and name) when several matched, and `evidence`: `steps` (each lookup: `lookedFor` in
 *   words, the `soql`, what was `found`), the `contact` linked (and whether Ferry created it),
 *   the `account`, and `error` when Salesforce refused to create the Contact. `cached` when the
 *   link was reused from an earlier push.
 * - `pause`: set while the integration holds pushes for Salesforce's daily API limit.
 * - `recordUrl`: the Request__c record in Salesforce (null on the emulator, which has no UI).
 * - `instanceUrl`: the org's instance, for links to Accounts and Contacts (`/lightning/r/Account/<id>/view`); null on the emulator.
 */
export type SalesforceDiagnostics = {
  matchingRules: SalesforceMatchRuleText[];
  decision: SalesforceDecisionRecord | null;
  pause: { until: string; reason: string | null } | null;
  accountId: string | null;
  contactId: string | null;
  recordUrl: string | null;
  instanceUrl: string | null;
};

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
  /** Vitally's linking decision (null for Salesforce: see `salesforce`). */
  decision: DecisionRecord | null;
  /** Vitally's linking table (empty for Salesforce). */
  linkingTable: (typeof LINKING_TABLE)[number][];
  /** Salesforce's matching path, evidence and pause (null for Vitally). */
  salesforce: SalesforceDiagnostics | null;
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
    select: { id: true, requestorEmail: true, requestorCompany: true },
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
    const isVitally = integration.provider === "VITALLY";
    const decision = isVitally ? ((sync?.decision as DecisionRecord | null) ?? null) : null;
    const sfDecision = !isVitally ? ((sync?.decision as SalesforceDecisionRecord | null) ?? null) : null;
    const reason = sync?.reasonCode ?? null;
    const words = reason
      ? describeReason(reason, {
          destination,
          email: request.requestorEmail,
          domain: decision?.evidence?.fallback?.domain ?? sfDecision?.evidence?.domain ?? null,
          company: request.requestorCompany,
          candidates: decision?.candidates ?? sfDecision?.candidates ?? [],
        })
      : sync?.state === "SYNCED"
        ? { title: `Synced to ${destination}`, explanation: "The latest change of this request is in the destination.", fix: "" }
        : { title: "Not pushed yet", explanation: `No push of this request to ${destination} has been attempted yet.`, fix: "" };
    const paused = integration.pausedUntil && integration.pausedUntil > new Date() ? { until: integration.pausedUntil.toISOString(), reason: integration.pauseReason } : null;
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
      linkingTable: isVitally ? [...LINKING_TABLE] : [],
      salesforce: isVitally
        ? null
        : {
            matchingRules: [...SALESFORCE_MATCHING_RULES],
            decision: sfDecision,
            pause: paused,
            accountId: sync?.remoteAccountId ?? null,
            contactId: sync?.remoteUserId ?? null,
            recordUrl: sync?.remoteId && !integration.isSandbox ? `${integration.baseUrl.replace(/\/+$/, "")}/lightning/r/Request__c/${sync.remoteId}/view` : null,
            instanceUrl: integration.isSandbox ? null : integration.baseUrl.replace(/\/+$/, ""),
          },
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
