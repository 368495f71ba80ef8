import { db as defaultDb, type Db } from "@/lib/db";
import { isExternalApiError } from "@/lib/http/external-api-error";
import type { FetchFn } from "@/lib/http/outbound-fetch";
import { markNeedsAttention } from "@/lib/integrations/mark-needs-attention";
import { refreshAccessToken } from "@/lib/salesforce/oauth";
import { SalesforceApiError, SALESFORCE_VENDOR } from "@/lib/salesforce/errors";
import { openSalesforceCredentials, sealSalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { salesforceOAuthApp } from "@/lib/integrations/salesforce/oauth-app";
import { checkSalesforceUrl, salesforceUrlPolicy, type SalesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";

export type RefreshDeps = { db?: Db; now?: () => Date; fetch?: FetchFn; policy?: SalesforceUrlPolicy; timeoutMs?: number };

type Outcome = { ok: true; accessToken: string } | { ok: false; error: SalesforceApiError | Error; attention: string | null };

/**
 * A new access token for an integration whose session ended (401 INVALID_SESSION_ID). The row is
 * locked while Salesforce is asked, so processes that fail together refresh once: a later one finds
 * a token newer than the one that failed and uses it. A rotated refresh token is saved with the new
 * access token in the same update (with rotation on, sending the old one again would end the
 * grant). A refused grant (invalid_grant: revoked or expired) marks the integration "needs
 * attention"; pushes are held until someone reconnects.
 */
export async function refreshSalesforceSession(input: { integrationId: string; failedAccessToken: string }, deps: RefreshDeps = {}): Promise<string> {
  const db = deps.db ?? defaultDb();
  const policy = deps.policy ?? salesforceUrlPolicy();
  const outcome = await db.$transaction(
    async (tx): Promise<Outcome> => {
      await tx.$queryRaw`SELECT id FROM "Integration" WHERE id = ${input.integrationId}::uuid FOR UPDATE`;
      const integration = await tx.integration.findUniqueOrThrow({ where: { id: input.integrationId } });
      const credentials = openSalesforceCredentials(integration);
      if (credentials.accessToken !== input.failedAccessToken) return { ok: true, accessToken: credentials.accessToken };
      const app = salesforceOAuthApp({ emulator: credentials.emulator });
      if (!credentials.refreshToken || !app) {
        const why = !app ? "Ferry's Salesforce app is no longer configured (SALESFORCE_CLIENT_ID)" : "Ferry holds no refresh token for this org";
        return { ok: false, error: new Error(why), attention: `${why}. Reconnect Salesforce to resume syncing.` };
      }
      try {
        const tokens = await refreshAccessToken({
          loginUrl: credentials.loginUrl,
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          refreshToken: credentials.refreshToken,
          fetch: deps.fetch,
          timeoutMs: deps.timeoutMs,
        });
        const instanceUrl = checkSalesforceUrl(tokens.instanceUrl, policy).allowed ? tokens.instanceUrl : credentials.instanceUrl;
        const next = { ...credentials, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? credentials.refreshToken, instanceUrl };
        await tx.integration.update({
          where: { id: integration.id },
          data: { credentials: sealSalesforceCredentials(next, integration.workspaceId), baseUrl: instanceUrl },
        });
        return { ok: true, accessToken: tokens.accessToken };
      } catch (err) {
        if (isExternalApiError(err) && err.kind === "auth") {
          return {
            ok: false,
            error: err,
            attention: `Salesforce no longer accepts Ferry's sign-in (${err.message}): the access was revoked or has expired. Reconnect Salesforce with the same org to resume; held pushes go out then.`,
          };
        }
        return { ok: false, error: err instanceof Error ? err : new Error(String(err)), attention: null };
      }
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  if (outcome.ok) return outcome.accessToken;
  if (outcome.attention !== null) {
    await markNeedsAttention({ integrationId: input.integrationId, reason: outcome.attention }, { db, now: deps.now });
    if (!isExternalApiError(outcome.error)) {
      throw new SalesforceApiError({ vendor: SALESFORCE_VENDOR, operation: "oauth.refresh", kind: "auth", message: outcome.error.message });
    }
  }
  throw outcome.error;
}
