import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { migrate } from "../../lib/migrate-runner.mjs";

/** A fresh, migrated database for one benchmark run; `drop()` removes it (FORCE: the server may linger). */
export async function createBenchDatabase(prefix: string, root: string) {
  const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await migrate({ databaseUrl, migrationsDir: path.join(root, "prisma/migrations"), log: () => {} });
  return {
    name,
    databaseUrl,
    async drop() {
      if (process.env.BENCH_KEEP_DATABASE === "1") {
        console.log(`kept database ${name}`);
        return;
      }
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
