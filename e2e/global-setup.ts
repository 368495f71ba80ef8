import { createVitallySandbox } from "../lib/sandbox/vitally/server";
import { createSalesforceSandbox } from "../lib/sandbox/salesforce/server";
import { startInngestStub } from "../scripts/inngest-stub.mjs";
import { e2eSettings } from "./helpers/settings";

/**
 * Starts the loopback Inngest stub the web server sends events to (INNGEST_DEV=<stub url>), so
 * `inngest.send` succeeds at once and the smoke test can see what was delivered. The database is
 * created, migrated and seeded by the webServer command itself (e2e/helpers/prepare-database.mjs),
 * because Playwright starts the web server before global setup.
 */
export default async function globalSetup() {
  const s = e2eSettings();
  const stub = await startInngestStub({ port: s.stubPort });
  // The Vitally sandbox the app calls (VITALLY_SANDBOX_URL), with the demo customer base.
  const sandbox = await createVitallySandbox({ port: s.sandboxPort, seed: "demo" });
  // The Salesforce emulator the app signs in to (SALESFORCE_SANDBOX_URL), with the demo orgs.
  const salesforce = await createSalesforceSandbox({
    port: s.salesforcePort,
    seed: "demo",
    demoRedirectUris: [`${s.baseURL}/api/integrations/salesforce/callback`],
  });
  return async () => {
    await salesforce.close();
    await sandbox.close();
    await stub.close();
  };
}
