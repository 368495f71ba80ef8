import { defineConfig } from "@playwright/test";
import { e2eSettings } from "./e2e/helpers/settings";

/**
 * e2e against a production build (`next build` first; scripts/test-all.sh does it) served by
 * `next start` on 127.0.0.1:3100, in Debian's Chromium (no browser download: /usr/bin/chromium).
 * Each run gets its own database `ferry_e2e_<random>` (created and seeded by the webServer command,
 * dropped in global teardown) and a loopback Inngest stub.
 */
const s = e2eSettings();
// Workers reach the same database through lib/db (e.g. to create an API token or read the outbox).
process.env.DATABASE_URL = s.databaseUrl;
process.env.E2E_DATABASE_URL = s.databaseUrl;
// …and the same Vitally sandbox as the app (e2e/helpers/sync.ts runs Ferry's functions against it).
process.env.VITALLY_SANDBOX_URL = s.vitallySandboxUrl;
process.env.SALESFORCE_SANDBOX_URL = s.salesforceSandboxUrl;

export default defineConfig({
  testDir: "e2e",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  workers: process.env.CI ? 1 : 2, // 2 cores, one of them busy with next start
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // Reports go to reports/, not test-results/ (Playwright wipes that at start).
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  outputDir: "test-results",
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: s.baseURL,
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Without the background-networking flags Chromium keeps dialling Google on this closed network.
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `node e2e/helpers/prepare-database.mjs && exec node_modules/.bin/next start -p ${s.port} -H 127.0.0.1`,
    // Answers 200 in Inngest dev mode without touching the database.
    url: `${s.baseURL}/api/inngest`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: s.databaseUrl,
      E2E_DATABASE_URL: s.databaseUrl,
      NEXTAUTH_URL: s.baseURL,
      NEXTAUTH_SECRET: s.nextAuthSecret,
      FERRY_ENCRYPTION_KEYS: s.encryptionKey,
      INNGEST_DEV: s.stubUrl,
      VITALLY_SANDBOX_URL: s.vitallySandboxUrl,
      SALESFORCE_SANDBOX_URL: s.salesforceSandboxUrl,
      OUTBOX_RELAY_INTERVAL_MS: "2000",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
