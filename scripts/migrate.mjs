#!/usr/bin/env node
// `npm run db:migrate` / CI: apply pending prisma/migrations to DATABASE_URL (created when missing),
// recorded in _prisma_migrations as `prisma migrate deploy` would. Needs only `pg`; see lib/migrate-runner.mjs.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "./lib/migrate-runner.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (!process.env.DATABASE_URL && existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));

try {
  await migrate({ databaseUrl: process.env.DATABASE_URL, migrationsDir: path.join(root, "prisma/migrations") });
} catch (e) {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
