import type { Integration } from "@/generated/prisma/client";
import { resetEnvCache } from "@/lib/env";
import { completeSalesforceConnect } from "@/lib/integrations/salesforce/complete-salesforce-connect";
import { salesforceRedirectUri } from "@/lib/integrations/salesforce/oauth-app";
import { startSalesforceConnect } from "@/lib/integrations/salesforce/start-salesforce-connect";
import type { SalesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";
import { SalesforceClient } from "@/lib/salesforce/client";
import { refreshAccessToken } from "@/lib/salesforce/oauth";
import { SalesforceControlClient } from "@/lib/sandbox/salesforce/control-client";
import { DEMO_APP, DEMO_FIXTURE } from "@/lib/sandbox/salesforce/seed-demo";
import { createSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from "@/lib/sandbox/salesforce/server";
import { approve, form, http } from "@/lib/sandbox/salesforce/test-helpers";

/**
 * Integration-test support for the Salesforce sync: an emulator on a random port with an org of
 * its own (a fresh org id per test file, so files never fight over "one org per workspace"),
 * seeded with the demo accounts and contacts (every matching case), and Ferry connected to it
 * the real way: start connect → the emulator's Allow page → callback → Integration row.
 */
export interface TestOrg {
  sandbox: SalesforceSandbox;
  control: SalesforceControlClient;
  slug: string;
  adminUsername: string;
  policy: SalesforceUrlPolicy;
  /** Ferry's connect flow for a workspace member (owner/admin) → the Integration. */
  connect(input: { workspaceId: string; actorUserId: string }): Promise<Integration>;
  /** A client on a fresh admin session, refreshing through the emulator's token endpoint. */
  client(): Promise<SalesforceClient>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestOrg(options: SalesforceSandboxOptions = {}): Promise<TestOrg> {
  const sandbox = await createSalesforceSandbox({ port: 0, seed: "demo", demoRedirectUris: [salesforceRedirectUri()], ...options });
  process.env.SALESFORCE_SANDBOX_URL = sandbox.url;
  resetEnvCache();
  const control = new SalesforceControlClient({ baseUrl: sandbox.url });
  counter += 1;
  const slug = `sync-${Date.now().toString(36)}-${process.pid}-${counter}`;
  const adminUsername = `admin@${slug}.example`;
  await control.addOrg({ slug, name: `Sync test ${counter}`, environment: "production", adminUsername });
  await control.seed(slug, DEMO_FIXTURE);
  const policy: SalesforceUrlPolicy = { sandboxUrl: sandbox.url, extraAllowed: [] };

  return {
    sandbox,
    control,
    slug,
    adminUsername,
    policy,
    async connect({ workspaceId, actorUserId }) {
      const { authorizeUrl } = await startSalesforceConnect({ workspaceId, actorUserId }, { environment: "production", emulator: true }, { policy });
      const url = new URL(authorizeUrl);
      const callback = await approve(`${url.origin}${url.pathname.replace(/\/services\/oauth2\/authorize$/, "")}`, Object.fromEntries(url.searchParams), adminUsername);
      const done = await completeSalesforceConnect(
        { actorUserId, params: { state: callback.get("state"), code: callback.get("code"), error: callback.get("error") } },
        { policy },
      );
      return done.integration;
    },
    async client() {
      const base = sandbox.urls.login;
      const params = { response_type: "code", client_id: DEMO_APP.clientId, redirect_uri: salesforceRedirectUri(), scope: "api refresh_token", state: "t" };
      const callback = await approve(base, params, adminUsername);
      const res = await http(
        `${base}/services/oauth2/token`,
        form({ grant_type: "authorization_code", code: callback.get("code") ?? "", client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, redirect_uri: salesforceRedirectUri() }),
      );
      if (res.status !== 200) throw new Error(`token answered ${res.status}: ${res.text}`);
      const refreshToken = res.body.refresh_token as string;
      return new SalesforceClient({
        instanceUrl: res.body.instance_url,
        accessToken: res.body.access_token,
        refresh: async () => (await refreshAccessToken({ loginUrl: base, clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret, refreshToken })).accessToken,
      });
    },
    close: () => sandbox.close(),
  };
}
