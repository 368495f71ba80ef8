import type { Integration } from "@/generated/prisma/client";
import type { FetchFn } from "@/lib/http/outbound-fetch";
import { log } from "@/lib/log";
import { revokeToken } from "@/lib/salesforce/oauth";
import { openSalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { checkSalesforceUrl, salesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";

/**
 * After a disconnect: ends Ferry's grant in Salesforce (the refresh token and its sessions), so
 * a disconnected integration leaves no working token behind. Best effort: a Salesforce that does
 * not answer is logged, not an error (the integration is disconnected either way).
 */
export async function revokeSalesforceGrant(
  integration: Pick<Integration, "provider" | "credentials" | "workspaceId" | "id">,
  deps: { fetch?: FetchFn; timeoutMs?: number } = {},
): Promise<boolean> {
  if (integration.provider !== "SALESFORCE") return false;
  try {
    const credentials = openSalesforceCredentials(integration);
    if (!checkSalesforceUrl(credentials.loginUrl, salesforceUrlPolicy()).allowed) return false;
    await revokeToken({ loginUrl: credentials.loginUrl, token: credentials.refreshToken ?? credentials.accessToken, fetch: deps.fetch, timeoutMs: deps.timeoutMs ?? 10_000 });
    return true;
  } catch (err) {
    log.warn("salesforce.revoke_failed", { integrationId: integration.id, error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}
