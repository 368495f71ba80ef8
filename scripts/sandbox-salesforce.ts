/**
 * Starts Ferry's Salesforce sandbox standalone (see docs/sandbox-salesforce.md).
 *
 *   npx tsx scripts/sandbox-salesforce.ts --port 4020 [--host 127.0.0.1] [--seed demo]
 *       [--lenient] [--daily-api-limit 15000] [--control-token TOKEN] [--state-file .ferry/salesforce-sandbox.json]
 *       [--redirect-uri http://localhost:3000/api/integrations/salesforce/callback]...
 */
import { parseArgs } from "node:util";
import { DEMO_ADMIN_USERNAME, DEMO_APP, DEMO_SANDBOX_ADMIN_USERNAME } from "@/lib/sandbox/salesforce/seed-demo";
import { createSalesforceSandbox } from "@/lib/sandbox/salesforce/server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4020" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string" },
    lenient: { type: "boolean", default: false },
    "daily-api-limit": { type: "string" },
    "control-token": { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
    "state-file": { type: "string" },
  },
});

if (values.seed !== undefined && values.seed !== "demo") {
  console.error(`Unknown --seed "${values.seed}" (only "demo" exists).`);
  process.exit(2);
}
const port = Number(values.port);
const limit = values["daily-api-limit"] === undefined ? undefined : Number(values["daily-api-limit"]);
if (!Number.isInteger(port) || port < 0 || (limit !== undefined && !(Number.isInteger(limit) && limit > 0))) {
  console.error("--port and --daily-api-limit must be whole numbers.");
  process.exit(2);
}

const sandbox = await createSalesforceSandbox({
  port,
  host: values.host,
  seed: values.seed === "demo" ? "demo" : undefined,
  // Without --lenient a saved `strict` setting stands (default strict).
  strict: values.lenient ? false : undefined,
  dailyApiLimit: limit,
  controlToken: values["control-token"],
  demoRedirectUris: values["redirect-uri"],
  stateFile: values["state-file"],
});

const lines = [
  `Salesforce sandbox listening on ${sandbox.url} (strict: ${sandbox.runtime.settings.strict})`,
  `  login host (production): ${sandbox.urls.login}   → like https://login.salesforce.com`,
  `  login host (sandbox):    ${sandbox.urls.test}    → like https://test.salesforce.com`,
  `  control API:             ${sandbox.url}/_sandbox/health`,
];
const load = sandbox.stateFileLoad;
if (load?.status === "loaded") lines.push(`  state: loaded from ${load.file} (POST /_sandbox/reset or delete the file to start over)`);
else if (load) lines.push(`  state: saved to ${load.file}${load.status === "set-aside" ? ` (the unreadable old file is at ${load.movedTo})` : ""}`);
for (const org of sandbox.store.orgs.values()) {
  lines.push(`  org "${org.name}" (${org.environment}): instance_url ${sandbox.urls.instance(org.slug)}`);
}
if (sandbox.store.apps.has(DEMO_APP.clientId)) {
  // The demo app's credentials are made up for the sandbox; printing them is the point.
  lines.push(
    `  demo connected app: client_id ${DEMO_APP.clientId}, client_secret ${DEMO_APP.clientSecret}`,
    `    redirect URIs: ${sandbox.store.apps.get(DEMO_APP.clientId)?.redirectUris.join(", ")}`,
    `    log in as ${DEMO_ADMIN_USERNAME} (login) or ${DEMO_SANDBOX_ADMIN_USERNAME} (test)`,
  );
} else {
  lines.push("  no orgs or apps yet: start with --seed demo or use POST /_sandbox/orgs and /_sandbox/apps");
}
console.log(lines.join("\n"));

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void sandbox.close().then(() => process.exit(0));
  });
}
