#!/usr/bin/env node
// Runs before `next start` in Playwright's webServer command: creates this run's database
// (E2E_DATABASE_URL), applies the migrations and seeds the demo workspace, so the server never
// sees a missing database. e2e/global-teardown.ts drops it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "../../scripts/lib/migrate-runner.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl) {
  console.error("prepare-database: E2E_DATABASE_URL is not set (run through `playwright test`)");
  process.exit(1);
}

try {
  await migrate({ databaseUrl, migrationsDir: path.join(root, "prisma/migrations"), log: () => {} });
} catch (e) {
  console.error(`prepare-database: migrating the e2e database failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
const seed = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["prisma/seed.ts"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "test" },
  encoding: "utf8",
});
if (seed.status !== 0) {
  console.error(`prepare-database: seeding failed:\n${seed.stdout}${seed.stderr}`);
  process.exit(1);
}
