import { db as defaultDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { readVitallySettings } from "@/lib/integrations/vitally/settings";
import { vitallyClientFor, type VitallyClientDeps } from "@/lib/integrations/vitally/vitally-client-for";
import { describeReason, type ReasonCode } from "@/lib/sync/reason-codes";
import { pushGate } from "@/lib/sync/request-push";
import { resolveVitallyLink, type LinkEvidence } from "@/lib/sync/vitally/resolve-vitally-link";
import type { VitallyCall } from "@/lib/vitally/client";
import type { LinkCandidate } from "@/lib/vitally/linking";

export type RecheckResult = {
  checkedAt: string;
  wouldSync: boolean;
  reason: ReasonCode | null;
  title: string;
  explanation: string;
  fix: string;
  row: number | null;
  organizationId: string | null;
  accountId: string | null;
  candidates: LinkCandidate[];
  evidence: LinkEvidence | null;
  calls: { method: string; path: string; status: number | null; durationMs: number }[];
};

/**
 * "Re-check now": evaluates the gates and the linking rules against live Vitally for one request,
 * writing nothing (no user is created, no instance touched, no sync state changed).
 */
export async function recheckRequestLink(
  input: { workspaceId: string; requestId: string; integrationId: string },
  deps: VitallyClientDeps = {},
): Promise<RecheckResult> {
  const db = deps.db ?? defaultDb();
  const [integration, request] = await Promise.all([
    db.integration.findFirst({ where: { id: input.integrationId, workspaceId: input.workspaceId, provider: "VITALLY" } }),
    db.request.findFirst({ where: { id: input.requestId, workspaceId: input.workspaceId } }),
  ]);
  if (!integration || !request) throw new AppError("not_found", "Not found");
  const calls: VitallyCall[] = [];
  const result = (reason: ReasonCode | null, extra: Partial<RecheckResult> = {}): RecheckResult => {
    const words = reason
      ? describeReason(reason, { destination: "Vitally", email: request.requestorEmail, domain: extra.evidence?.fallback?.domain, candidates: extra.candidates })
      : { title: "Would sync", explanation: "The rules link this request; it would be pushed now.", fix: "" };
    return {
      checkedAt: new Date().toISOString(),
      wouldSync: reason === null,
      reason,
      ...words,
      row: null,
      organizationId: null,
      accountId: null,
      candidates: [],
      evidence: null,
      calls: calls.map((c) => ({ method: c.method, path: c.path, status: c.status, durationMs: c.durationMs })),
      ...extra,
    };
  };

  const settings = readVitallySettings(integration.settings);
  const sync = await db.requestSync.findUnique({ where: { requestId_integrationId: { requestId: request.id, integrationId: integration.id } } });
  const stop = pushGate({
    integration,
    request,
    existingRemoteId: sync?.remoteId ?? null,
    switches: { pushNew: settings.pushNewRequests, updateExisting: settings.updateExistingRequests },
    now: new Date(),
  });
  if (stop) return result(stop.reason);

  const client = vitallyClientFor(integration, { ...deps, onCall: (c) => calls.push(c) });
  try {
    const link = await resolveVitallyLink({ name: request.requestorName, email: request.requestorEmail }, client, { write: false });
    if (link.linked) {
      return result(null, { row: link.evidence.row, organizationId: link.organizationId, accountId: link.accountId, evidence: link.evidence });
    }
    return result(link.reason, { row: link.evidence.row, candidates: link.candidates, evidence: link.evidence });
  } catch (err) {
    if (!isExternalApiError(err)) throw err;
    const reason: ReasonCode =
      err.kind === "auth" || err.kind === "forbidden" ? "credentials_rejected" : err.kind === "rate_limited" ? "rate_limited" : "destination_unavailable";
    return result(reason);
  }
}
