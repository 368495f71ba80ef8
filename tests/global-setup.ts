import type { TestProject } from "vitest/node";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { migrate } from "../scripts/lib/migrate-runner.mjs";

/**
 * Every `vitest run` gets its own fresh, migrated database and drops it at the end, so runs never
 * interfere and leave nothing behind.
 */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const name = `ferry_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await migrate({ databaseUrl, migrationsDir: "prisma/migrations", log: () => {} });
  project.provide("databaseUrl", databaseUrl);

  return async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
}
