import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recheckSalesforceLink, type SalesforceRecheckResult } from "@/lib/sync/salesforce/recheck-salesforce-link";
import { recheckRequestLink, type RecheckResult } from "@/lib/sync/vitally/recheck-request-link";

/**
 * "Re-check now" for one request and one destination, whichever it is: the gates and the
 * destination's matching rules against the live destination, writing nothing. The result says
 * which destination answered (`provider`), so the request page renders the right evidence.
 */
export type RequestRecheckResult = ({ provider: "VITALLY" } & RecheckResult) | SalesforceRecheckResult;

export async function recheckRequestSync(
  input: { workspaceId: string; requestId: string; integrationId: string },
  deps: { db?: Db } = {},
): Promise<RequestRecheckResult> {
  const db = deps.db ?? defaultDb();
  const integration = await db.integration.findFirst({ where: { id: input.integrationId, workspaceId: input.workspaceId }, select: { provider: true } });
  if (!integration) throw new AppError("not_found", "Not found");
  if (integration.provider === "SALESFORCE") return recheckSalesforceLink(input, { db });
  return { provider: "VITALLY", ...(await recheckRequestLink(input, { db })) };
}
