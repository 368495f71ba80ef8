/**
 * Starts Ferry's Vitally sandbox standalone (see docs/sandbox.md).
 *
 *   npx tsx scripts/sandbox.ts --port 4010 [--host 127.0.0.1] [--seed demo]
 *       [--state-file .ferry/vitally-sandbox.json] [--lenient] [--rate-limit 1000]
 *       [--control-token TOKEN]
 */
import { parseArgs } from "node:util";
import { DEMO_KEY, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox } from "@/lib/sandbox/vitally/server";
import { publicKey } from "@/lib/sandbox/vitally/store";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string" },
    "state-file": { type: "string" },
    lenient: { type: "boolean", default: false },
    "rate-limit": { type: "string" },
    "control-token": { type: "string" },
  },
});

if (values.seed !== undefined && values.seed !== "demo") {
  console.error(`Unknown --seed "${values.seed}" (only "demo" exists).`);
  process.exit(2);
}
const port = Number(values.port);
const rateLimit = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
if (!Number.isInteger(port) || port < 0 || (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit > 0))) {
  console.error("--port and --rate-limit must be whole numbers.");
  process.exit(2);
}

const sandbox = await createVitallySandbox({
  port,
  host: values.host,
  seed: values.seed === "demo" ? "demo" : undefined,
  stateFile: values["state-file"],
  strict: !values.lenient,
  rateLimitPerMinute: rateLimit,
  controlToken: values["control-token"],
});

const lines = [
  `Vitally sandbox listening on ${sandbox.url} (strict: ${sandbox.runtime.settings.strict})`,
  `  control API:        ${sandbox.url}/_sandbox/health`,
  values["state-file"] ? `  state file:         ${values["state-file"]}` : "  state file:         none (in memory)",
];
const keys = [...sandbox.store.keys.values()].filter((k) => !k.revoked);
if (keys.length === 0) lines.push("  no API keys yet: add one with POST /_sandbox/keys or start with --seed demo");
for (const key of keys) {
  const urls = sandbox.baseUrls(key.subdomain);
  // The demo key is a public, made-up sandbox key; other keys are shown by id only.
  const shown = key.key === DEMO_KEY ? `${DEMO_KEY} (demo)` : publicKey(key).keyId;
  lines.push(
    `  key ${shown} → workspace "${key.subdomain}"`,
    `    US style (subdomain host): ${urls.subdomainStyle}/resources/...`,
    `    US style (path prefix):    ${urls.pathStyle}/resources/...`,
    `    EU style (shared host):    ${urls.shared}/resources/...`,
  );
}
if (keys.some((k) => k.key === DEMO_KEY)) {
  lines.push(
    `  try: curl -u ${DEMO_KEY}: ${sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle}/resources/accounts`,
  );
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
