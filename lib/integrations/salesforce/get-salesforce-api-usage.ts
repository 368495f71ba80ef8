import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isExternalApiError } from "@/lib/http/external-api-error";
import type { FetchFn } from "@/lib/http/outbound-fetch";
import { env } from "@/lib/env";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { salesforceClientFor } from "@/lib/integrations/salesforce/salesforce-client-for";

export type SalesforceApiUsage = { used: number; max: number; pauseAt: number; checkedAt: string };

/**
 * The org's daily API allocation as Salesforce reports it now (GET /limits: one call), for the
 * card's meter. Pushes pause at `pauseAt` calls, leaving SALESFORCE_API_RESERVE to other tools.
 */
export async function getSalesforceApiUsage(
  ctx: { workspaceId: string; integrationId: string },
  deps: { db?: Db; fetch?: FetchFn; now?: () => Date } = {},
): Promise<SalesforceApiUsage> {
  const db = deps.db ?? defaultDb();
  const integration = await requireIntegration(ctx.workspaceId, ctx.integrationId, { db });
  if (integration.provider !== "SALESFORCE") throw new AppError("not_found", "Integration not found.");
  if (integration.status === "DISCONNECTED") throw new AppError("conflict", "This integration is disconnected.");
  try {
    const limits = await salesforceClientFor(integration, { db, fetch: deps.fetch, timeoutMs: 8_000, now: deps.now }).limits();
    const { Max: max, Remaining: remaining } = limits.DailyApiRequests;
    return {
      used: Math.max(0, max - remaining),
      max,
      pauseAt: Math.floor(max * (1 - env().SALESFORCE_API_RESERVE)),
      checkedAt: (deps.now ?? (() => new Date()))().toISOString(),
    };
  } catch (err) {
    if (!isExternalApiError(err)) throw err;
    throw new AppError("unavailable", `Salesforce did not report the API usage: ${err.message}`);
  }
}
