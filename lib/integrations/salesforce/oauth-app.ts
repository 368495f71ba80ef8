import { appUrl, env } from "@/lib/env";
import { DEMO_APP } from "@/lib/sandbox/salesforce/seed-demo";

export type OAuthApp = { clientId: string; clientSecret: string };

/**
 * The app Ferry signs in with: the operator's External Client App for real orgs
 * (SALESFORCE_CLIENT_ID / SECRET), the emulator's made-up demo app for the emulator. Null when a
 * real org is asked for and no app is configured.
 */
export function salesforceOAuthApp(input: { emulator: boolean }): OAuthApp | null {
  if (input.emulator) return { clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret };
  const e = env();
  if (!e.SALESFORCE_CLIENT_ID || !e.SALESFORCE_CLIENT_SECRET) return null;
  return { clientId: e.SALESFORCE_CLIENT_ID, clientSecret: e.SALESFORCE_CLIENT_SECRET };
}

/** The callback URL the External Client App must list, exactly. */
export function salesforceRedirectUri(): string {
  return `${appUrl()}/api/integrations/salesforce/callback`;
}
