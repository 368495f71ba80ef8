import { db as defaultDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { salesforceClientFor, type SalesforceClientForOptions } from "@/lib/integrations/salesforce/salesforce-client-for";
import { readSalesforceSettings } from "@/lib/integrations/salesforce/settings";
import type { SalesforceClient } from "@/lib/salesforce/client";
import { describeReason, type ReasonCode } from "@/lib/sync/reason-codes";
import { pushGate } from "@/lib/sync/request-push";
import { resolveSalesforceLink, type SalesforceCandidate, type SalesforceLinkEvidence } from "@/lib/sync/salesforce/resolve-salesforce-link";

/**
 * "Re-check now" for Salesforce: the gates and the matching rules evaluated against the live org
 * for one request, writing nothing — no Contact is created (the evidence says where one would
 * be), no record touched, no sync state or log changed.
 *
 * For the request page (H3): `wouldSync` + `title`/`explanation`/`fix` in plain words; the
 * matching path in `evidence.path` and each lookup in `evidence.steps` (what was looked for, the
 * SOQL, what was found); `candidates` when several Accounts matched; `calls` made.
 */
export type SalesforceRecheckResult = {
  provider: "SALESFORCE";
  checkedAt: string;
  wouldSync: boolean;
  reason: ReasonCode | null;
  title: string;
  explanation: string;
  fix: string;
  accountId: string | null;
  contactId: string | null;
  candidates: SalesforceCandidate[];
  evidence: SalesforceLinkEvidence | null;
  calls: { method: string; path: string; status: number | null; durationMs: number }[];
};

export async function recheckSalesforceLink(
  input: { workspaceId: string; requestId: string; integrationId: string },
  deps: SalesforceClientForOptions & { client?: SalesforceClient } = {},
): Promise<SalesforceRecheckResult> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const [integration, request] = await Promise.all([
    db.integration.findFirst({ where: { id: input.integrationId, workspaceId: input.workspaceId, provider: "SALESFORCE" } }),
    db.request.findFirst({ where: { id: input.requestId, workspaceId: input.workspaceId } }),
  ]);
  if (!integration || !request) throw new AppError("not_found", "Not found");
  let client: SalesforceClient | null = null;
  let firstCall = 0;
  const result = (reason: ReasonCode | null, extra: Partial<SalesforceRecheckResult> = {}): SalesforceRecheckResult => {
    const words = reason
      ? describeReason(reason, {
          destination: "Salesforce",
          email: request.requestorEmail,
          domain: extra.evidence?.domain ?? null,
          company: request.requestorCompany,
          candidates: extra.candidates ?? [],
        })
      : {
          title: "Would sync",
          explanation: extra.evidence?.wouldCreateContactIn
            ? `The rules link this request to the Account ${extra.evidence.wouldCreateContactIn.name ?? extra.evidence.wouldCreateContactIn.id}; Ferry would create the requestor's Contact there and push the request now.`
            : "The rules link this request to its Contact and Account; it would be pushed now.",
          fix: "",
        };
    return {
      provider: "SALESFORCE",
      checkedAt: now().toISOString(),
      wouldSync: reason === null,
      reason,
      ...words,
      accountId: null,
      contactId: null,
      candidates: [],
      evidence: null,
      calls: client ? client.calls.slice(firstCall).map((c) => ({ method: c.method, path: c.path, status: c.status, durationMs: c.durationMs })) : [],
      ...extra,
    };
  };

  const settings = readSalesforceSettings(integration.settings);
  const sync = await db.requestSync.findUnique({ where: { requestId_integrationId: { requestId: request.id, integrationId: integration.id } } });
  const stop = pushGate({
    integration,
    request,
    existingRemoteId: sync?.remoteId ?? null,
    switches: { pushNew: settings.pushNew, updateExisting: settings.updateExisting },
    now: now(),
  });
  if (stop) return result(stop.reason);

  client = deps.client ?? salesforceClientFor(integration, { ...deps, db });
  firstCall = client.calls.length;
  try {
    const link = await resolveSalesforceLink({ name: request.requestorName, email: request.requestorEmail, company: request.requestorCompany }, client, { write: false });
    if (link.linked) return result(null, { accountId: link.accountId, contactId: link.contactId, evidence: link.evidence });
    return result(link.reason, { candidates: link.candidates, evidence: link.evidence });
  } catch (err) {
    if (!isExternalApiError(err)) throw err;
    const reason: ReasonCode =
      err.kind === "auth" || err.kind === "forbidden" ? "credentials_rejected" : err.kind === "rate_limited" ? "daily_limit_paused" : "destination_unavailable";
    return result(reason);
  }
}
