import type { Integration } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { SalesforceClient, type SalesforceClientOptions } from "@/lib/salesforce/client";
import { openSalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { refreshSalesforceSession, type RefreshDeps } from "@/lib/integrations/salesforce/refresh-salesforce-session";
import { checkSalesforceUrl, salesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";

export type SalesforceClientForOptions = RefreshDeps & Pick<SalesforceClientOptions, "beforeCall" | "onCall" | "apiVersion">;

/**
 * A Salesforce client for an integration: decrypted session, instance URL re-checked against the
 * outbound policy, and a refresh that renews the session once when Salesforce ends it (rotated
 * refresh tokens saved; a revoked grant marks the integration "needs attention").
 */
export function salesforceClientFor(
  integration: Pick<Integration, "id" | "workspaceId" | "provider" | "credentials">,
  options: SalesforceClientForOptions = {},
): SalesforceClient {
  if (integration.provider !== "SALESFORCE") throw new Error("salesforceClientFor needs a Salesforce integration");
  const credentials = openSalesforceCredentials(integration);
  const check = checkSalesforceUrl(credentials.instanceUrl, options.policy ?? salesforceUrlPolicy());
  if (!check.allowed) throw new AppError("forbidden", `Ferry may not call ${credentials.instanceUrl}: ${check.reason}`);
  let current = credentials.accessToken;
  return new SalesforceClient({
    instanceUrl: credentials.instanceUrl,
    accessToken: current,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    apiVersion: options.apiVersion,
    beforeCall: options.beforeCall,
    onCall: options.onCall,
    refresh: async () => {
      current = await refreshSalesforceSession({ integrationId: integration.id, failedAccessToken: current }, options);
      return current;
    },
  });
}
