import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { migrate } from "@/scripts/lib/migrate-runner.mjs";

/**
 * The sync_log_hourly migration counts the SyncLog rows a database already has, so the chart reads
 * the same after migrating. Checked on a scratch database migrated up to the migration before it,
 * whose sessions run in Asia/Kolkata (hours that start at :30 UTC) to show the hours are UTC hours.
 */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const MIGRATIONS = path.resolve("prisma/migrations");
const ROLLUP_MIGRATION = readdirSync(MIGRATIONS).find((name) => name.endsWith("_sync_log_hourly"))!;
const name = `ferry_tool_backfill_${randomBytes(4).toString("hex")}`;
const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
const before = mkdtempSync(path.join(tmpdir(), "ferry-migrations-"));

async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  rmSync(before, { recursive: true, force: true });
});

it("fills SyncLogHourly from the existing SyncLog rows, per UTC hour, destination, kind and outcome", async () => {
  await withClient(ADMIN_URL, async (c) => {
    await c.query(`CREATE DATABASE "${name}"`);
    await c.query(`ALTER DATABASE "${name}" SET timezone = 'Asia/Kolkata'`);
  });
  copyFileSync(path.join(MIGRATIONS, "migration_lock.toml"), path.join(before, "migration_lock.toml"));
  for (const m of readdirSync(MIGRATIONS).filter((m) => m < ROLLUP_MIGRATION && !m.endsWith(".toml"))) {
    cpSync(path.join(MIGRATIONS, m), path.join(before, m), { recursive: true });
  }
  await migrate({ databaseUrl: url, migrationsDir: before, log: () => {} });

  const ws = ["a0000000-0000-4000-8000-00000000000a", "b0000000-0000-4000-8000-00000000000b"];
  const rows: Array<[workspace: number, provider: "VITALLY" | "SALESFORCE", kind: string, outcome: string, at: string]> = [
    [0, "VITALLY", "REQUEST", "SYNCED", "2026-11-20T10:00:00.000Z"],
    [0, "VITALLY", "REQUEST", "SYNCED", "2026-11-20T10:29:59.999Z"],
    [0, "VITALLY", "REQUEST", "SYNCED", "2026-11-20T10:30:00.000Z"],
    [0, "VITALLY", "REQUEST", "SYNCED", "2026-11-20T10:59:59.999Z"],
    [0, "VITALLY", "REQUEST", "FAILED", "2026-11-20T10:40:00.000Z"],
    [0, "VITALLY", "MESSAGE", "SYNCED", "2026-11-20T10:41:00.000Z"],
    [0, "SALESFORCE", "REQUEST", "SYNCED", "2026-11-20T10:42:00.000Z"],
    [0, "VITALLY", "REQUEST", "SYNCED", "2026-11-20T11:00:00.000Z"],
    [1, "VITALLY", "REQUEST", "SYNCED", "2026-11-20T10:15:00.000Z"],
  ];
  await withClient(url, async (c) => {
    for (const [i, id] of ws.entries()) {
      await c.query(`INSERT INTO "Workspace" (id, slug, name, "updatedAt") VALUES ($1, $2, $2, now())`, [id, `backfill-${i}`]);
      for (const provider of ["VITALLY", "SALESFORCE"]) {
        await c.query(
          `INSERT INTO "Integration" (id, "workspaceId", provider, "baseUrl", "remoteTenant", credentials, "credentialHint", "budgetKey", "updatedAt")
           VALUES (gen_random_uuid(), $1::uuid, $2::"IntegrationProvider", 'https://x.rest.vitally.io', $3, 'x', 'x', $3, now())`,
          [id, provider, `${id}:${provider}`],
        );
      }
    }
    for (const [i, provider, kind, outcome, at] of rows) {
      await c.query(
        `INSERT INTO "SyncLog" ("workspaceId", "integrationId", provider, kind, trigger, outcome, "durationMs", "createdAt")
         SELECT $1::uuid, i.id, $2::"IntegrationProvider", $3::"SyncKind", 'retry', $4::"SyncOutcome", 1, $5::timestamptz
         FROM "Integration" i WHERE i."workspaceId" = $1::uuid AND i.provider = $2::"IntegrationProvider"`,
        [ws[i], provider, kind, outcome, at],
      );
    }
  });

  await migrate({ databaseUrl: url, migrationsDir: MIGRATIONS, log: () => {} });
  const hourly = await withClient(url, async (c) =>
    (
      await c.query<{ w: string; hour: Date; provider: string; kind: string; outcome: string; count: number }>(
        `SELECT "workspaceId" AS w, hour, provider, kind, outcome, count FROM "SyncLogHourly" ORDER BY 1, 2, 3, 4, 5`,
      )
    ).rows.map((r) => ({ ...r, hour: r.hour.toISOString() })),
  );
  expect(hourly).toEqual([
    { w: ws[0], hour: "2026-11-20T10:00:00.000Z", provider: "VITALLY", kind: "REQUEST", outcome: "SYNCED", count: 4 },
    { w: ws[0], hour: "2026-11-20T10:00:00.000Z", provider: "VITALLY", kind: "REQUEST", outcome: "FAILED", count: 1 },
    { w: ws[0], hour: "2026-11-20T10:00:00.000Z", provider: "VITALLY", kind: "MESSAGE", outcome: "SYNCED", count: 1 },
    { w: ws[0], hour: "2026-11-20T10:00:00.000Z", provider: "SALESFORCE", kind: "REQUEST", outcome: "SYNCED", count: 1 },
    { w: ws[0], hour: "2026-11-20T11:00:00.000Z", provider: "VITALLY", kind: "REQUEST", outcome: "SYNCED", count: 1 },
    { w: ws[1], hour: "2026-11-20T10:00:00.000Z", provider: "VITALLY", kind: "REQUEST", outcome: "SYNCED", count: 1 },
  ]);
}, 60_000);
