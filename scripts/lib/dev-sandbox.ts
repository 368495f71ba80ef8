// Started by `npm run dev` (scripts/dev.mjs) as its own process: the Vitally sandbox with the demo
// customer base, its state kept in a file under .ferry/ so what Ferry creates survives restarts.
// Usage: tsx scripts/lib/dev-sandbox.ts <port> <state file>
import { createVitallySandbox } from "@/lib/sandbox/vitally/server";
import { DEMO_KEY, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";

const port = Number(process.argv[2] ?? 4010);
const stateFile = process.argv[3];

const sandbox = await createVitallySandbox({ port, stateFile, seed: "demo" });
console.log(
  `[vitally-sandbox] listening on ${sandbox.url} — demo API key ${DEMO_KEY}, subdomain ${DEMO_SUBDOMAIN} ` +
    `(base URL ${sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle})`,
);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
