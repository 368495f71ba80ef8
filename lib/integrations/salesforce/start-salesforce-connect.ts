import { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError, invalidInput } from "@/lib/errors";
import { authorizeUrl, pkcePair } from "@/lib/salesforce/oauth";
import { saveConnectState } from "@/lib/integrations/salesforce/connect-state";
import { salesforceOAuthApp, salesforceRedirectUri } from "@/lib/integrations/salesforce/oauth-app";
import { loginUrlFor, salesforceUrlPolicy, type SalesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";

export const ZStartSalesforceConnectInput = z.object({
  environment: z.enum(["production", "sandbox"], "Choose Production or Sandbox."),
  /** Sign in at the emulator Ferry runs beside itself instead of Salesforce. */
  emulator: z.boolean().default(false),
});
export type StartSalesforceConnectInput = z.input<typeof ZStartSalesforceConnectInput>;

/**
 * "Continue to Salesforce" in the connect dialog: remembers the attempt server-side (state and PKCE
 * verifier, bound to workspace and user, 10 minutes, single use) and answers the login host's
 * authorize URL for the browser to open. Also the way back in for an integration that needs
 * attention: completing it with the same org refreshes the credentials.
 */
export async function startSalesforceConnect(
  ctx: { workspaceId: string; actorUserId: string },
  raw: StartSalesforceConnectInput,
  deps: { db?: Db; now?: () => Date; policy?: SalesforceUrlPolicy; redirectUri?: string } = {},
): Promise<{ authorizeUrl: string; expiresAt: Date }> {
  const parsed = ZStartSalesforceConnectInput.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const input = parsed.data;
  const loginUrl = loginUrlFor(input, deps.policy ?? salesforceUrlPolicy());
  if (!loginUrl) {
    throw new AppError("invalid_input", "The Salesforce emulator is not running beside this Ferry (SALESFORCE_SANDBOX_URL is not set).", {
      emulator: ["The emulator is not available."],
    });
  }
  const app = salesforceOAuthApp(input);
  if (!app) {
    throw new AppError(
      "unavailable",
      "This Ferry has no Salesforce app yet: its operator sets SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET from an External Client App (README → Salesforce).",
    );
  }
  const redirectUri = deps.redirectUri ?? salesforceRedirectUri();
  const pkce = pkcePair();
  const { state, expiresAt } = await saveConnectState(deps.db ?? defaultDb(), {
    workspaceId: ctx.workspaceId,
    userId: ctx.actorUserId,
    environment: input.environment,
    emulator: input.emulator,
    loginUrl,
    redirectUri,
    codeVerifier: pkce.verifier,
    now: (deps.now ?? (() => new Date()))(),
  });
  return {
    authorizeUrl: authorizeUrl({ loginUrl, clientId: app.clientId, redirectUri, state, codeChallenge: pkce.challenge }),
    expiresAt,
  };
}
