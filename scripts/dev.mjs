#!/usr/bin/env node
// `npm run dev`: everything a newcomer needs on one machine, in order —
//   1. PostgreSQL reachable? (clear message if not)
//   2. database created if missing, migrations applied (scripts/lib/migrate-runner.mjs)
//   3. Prisma client generated if missing
//   4. demo workspace seeded on first run (when the `demo` workspace does not exist)
//   5. the Vitally sandbox with its demo customer base on :4010 (state under .ferry/), and the
//      Salesforce emulator with its demo org on :4020 (state under .ferry/; it knows this app's callback URL)
//   6. Inngest: a running Dev Server on :8288, else a local `inngest-cli`, else events wait in the outbox
//   7. `next dev` on :3000 with NEXTAUTH_URL, a generated-once NEXTAUTH_SECRET, VITALLY_SANDBOX_URL and SALESFORCE_SANDBOX_URL
// Ctrl-C stops every child (each runs in its own process group).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "./lib/migrate-runner.mjs";
import { checkPostgres, demoWorkspaceExists, findExecutable, httpAnswers, portInUse, waitForHttp } from "./lib/dev-checks.mjs";
import { createSupervisor } from "./lib/dev-processes.mjs";
import { devSecret } from "./lib/dev-secrets.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stateDir = path.join(root, ".ferry");
const bin = (name) => path.join(root, "node_modules/.bin", name);

const DEMO = { slug: "demo", email: "owner@ferry.dev", password: "ferry-demo-password" };
const INNGEST_DEV_SERVER = "http://127.0.0.1:8288";
const SANDBOX_PORT = 4010;
const SANDBOX_DEMO_KEY = "sk_live_ferry_demo"; // lib/sandbox/vitally/seed-demo.ts DEMO_KEY (a sandbox-only key)
const SALESFORCE_PORT = 4020;
const SALESFORCE_DEMO_ADMIN = "admin@ferry-demo.example"; // lib/sandbox/salesforce/seed-demo.ts DEMO_ADMIN_USERNAME

const say = (line) => console.log(`[ferry] ${line}`);
const fail = (lines) => {
  for (const line of [].concat(lines)) console.error(`[ferry] ${line}`);
  process.exit(1);
};

// .env is optional: every setting has a development default (lib/env.ts). Values already in the
// environment win over the file.
if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
const port = Number(process.env.PORT || 3000);
const appUrl = process.env.NEXTAUTH_URL || `http://localhost:${port}`;
const databaseUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/ferry";
const dbLabel = (() => {
  const u = new URL(databaseUrl);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
})();

// 1. PostgreSQL
const pgCheck = await checkPostgres(databaseUrl);
if (!pgCheck.ok) {
  fail([
    `PostgreSQL is not reachable at ${dbLabel} (${pgCheck.reason}).`,
    "Start it — Debian/Ubuntu: sudo pg_ctlcluster --skip-systemctl-redirect 15 main start · macOS: brew services start postgresql@15 ·",
    "Docker: docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15 — or point DATABASE_URL (in .env) at yours.",
  ]);
}

// 2. Database and migrations
try {
  const result = await migrate({ databaseUrl, migrationsDir: path.join(root, "prisma/migrations"), log: (l) => say(l) });
  if (result.applied.length === 0) say(`database ${result.database} is up to date`);
} catch (e) {
  fail(`Migrating ${dbLabel} failed: ${e instanceof Error ? e.message : String(e)}`);
}

// 3. Prisma client
if (!existsSync(path.join(root, "generated/prisma/client.ts"))) {
  say("generating the Prisma client");
  const gen = spawnSync(bin("prisma"), ["generate"], { cwd: root, stdio: "inherit" });
  if (gen.status !== 0) fail("`prisma generate` failed (see above).");
}

// 4. Demo data, first run only
if (!(await demoWorkspaceExists(databaseUrl, DEMO.slug))) {
  say("first run: seeding the demo workspace");
  const seed = spawnSync(bin("tsx"), ["prisma/seed.ts"], { cwd: root, stdio: "inherit", env: { ...process.env, DATABASE_URL: databaseUrl } });
  if (seed.status !== 0) fail("Seeding the demo workspace failed (see above); `npm run db:seed` retries it.");
}

if (await portInUse(port)) {
  fail(`Port ${port} is already in use (another \`npm run dev\`?). Stop it, or run with PORT=<free port> npm run dev.`);
}

const supervisor = createSupervisor({ log: say });
const childEnv = {
  NEXT_TELEMETRY_DISABLED: "1", // offline-first: no telemetry flushes dialling out (set it to 0 to opt in)
  ...process.env,
  DATABASE_URL: databaseUrl,
  NEXTAUTH_URL: appUrl,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || devSecret(stateDir, "nextauth-secret"),
};

// 5. Vitally sandbox (lib/sandbox/vitally) with its demo customer base; state in .ferry/
let sandboxUrl = process.env.VITALLY_SANDBOX_URL || null;
if (!sandboxUrl) {
  if (await portInUse(SANDBOX_PORT)) {
    say(`port ${SANDBOX_PORT} is busy: not starting the Vitally sandbox (set VITALLY_SANDBOX_URL to use a running one)`);
  } else {
    supervisor.start(
      "vitally-sandbox",
      bin("tsx"),
      ["scripts/lib/dev-sandbox.ts", String(SANDBOX_PORT), path.join(stateDir, "vitally-sandbox.json")],
      { cwd: root, env: childEnv },
    );
    sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;
  }
}
if (sandboxUrl) childEnv.VITALLY_SANDBOX_URL = sandboxUrl;

// 5b. Salesforce emulator (lib/sandbox/salesforce) with the demo orgs; its demo app accepts this
// app's callback URL (the one Ferry sends: FERRY_APP_URL or NEXTAUTH_URL).
let salesforceUrl = process.env.SALESFORCE_SANDBOX_URL || null;
if (!salesforceUrl) {
  if (await portInUse(SALESFORCE_PORT)) {
    say(`port ${SALESFORCE_PORT} is busy: not starting the Salesforce emulator (set SALESFORCE_SANDBOX_URL to use a running one)`);
  } else {
    const callback = `${(process.env.FERRY_APP_URL || appUrl).replace(/\/+$/, "")}/api/integrations/salesforce/callback`;
    supervisor.start(
      "salesforce-sandbox",
      bin("tsx"),
      ["scripts/sandbox-salesforce.ts", "--port", String(SALESFORCE_PORT), "--seed", "demo", "--redirect-uri", callback, "--state-file", path.join(stateDir, "salesforce-sandbox.json")],
      { cwd: root, env: childEnv },
    );
    salesforceUrl = `http://127.0.0.1:${SALESFORCE_PORT}`;
  }
}
if (salesforceUrl) childEnv.SALESFORCE_SANDBOX_URL = salesforceUrl;

// 6. Inngest
let inngestLine;
if (process.env.INNGEST_DEV || process.env.INNGEST_SIGNING_KEY || process.env.INNGEST_BASE_URL) {
  inngestLine = `configured in your environment (INNGEST_DEV=${process.env.INNGEST_DEV ?? "unset"})`;
} else if (await httpAnswers(INNGEST_DEV_SERVER)) {
  childEnv.INNGEST_DEV = "1";
  childEnv.INNGEST_BASE_URL = INNGEST_DEV_SERVER;
  inngestLine = `Dev Server already running at ${INNGEST_DEV_SERVER}`;
} else {
  childEnv.INNGEST_DEV = "1"; // the serve route works in dev mode either way
  const cli = findExecutable("inngest-cli", root);
  if (cli) {
    supervisor.start("inngest", cli, ["dev", "-u", `http://127.0.0.1:${port}/api/inngest`, "--no-discovery"], { cwd: root, env: process.env });
    childEnv.INNGEST_BASE_URL = INNGEST_DEV_SERVER;
    inngestLine = `Dev Server started (${cli}) at ${INNGEST_DEV_SERVER}`;
  } else {
    say(
      "Inngest Dev Server not available (offline?): events wait safely in the outbox and are delivered when it is reachable — see README",
    );
    inngestLine = "not available: events wait in the outbox";
  }
}

// 7. next dev
const next = supervisor.start("next", bin("next"), ["dev", "-p", String(port)], { cwd: root, env: childEnv });

const shutdown = async (code) => {
  if (supervisor.isStopping()) return;
  say("stopping…");
  await supervisor.stopAll();
  process.exit(code);
};
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
next.exited.then((code) => {
  if (!supervisor.isStopping()) {
    say(`next dev exited (${code}); stopping the rest`);
    void shutdown(code ?? 1);
  }
});

// Warm the sign-in page (first compile) and print the banner once it answers.
if (await waitForHttp(`http://127.0.0.1:${port}/login`, { isAborted: supervisor.isStopping })) {
  if (!supervisor.isStopping()) {
    console.log(
      [
        "",
        "  ┌─ Ferry is running ─────────────────────────────────────────────",
        `  │ Dashboard        ${appUrl}`,
        `  │ Sign in          ${DEMO.email} / ${DEMO.password}`,
        `  │ Public API       ${appUrl}/api/v1  (OpenAPI: ${appUrl}/api/v1/openapi.json)`,
        `  │ Vitally sandbox  ${sandboxUrl ? `${sandboxUrl}  (demo API key ${SANDBOX_DEMO_KEY})` : "not running"}`,
        `  │ Salesforce emu.  ${salesforceUrl ? `${salesforceUrl}  (Integrations → Salesforce → Use the emulator; allow as ${SALESFORCE_DEMO_ADMIN})` : "not running"}`,
        `  │ Inngest          ${inngestLine}`,
        `  │ Database         ${dbLabel}`,
        "  └─ Ctrl-C stops everything ──────────────────────────────────────",
        "",
      ].join("\n"),
    );
  }
}
