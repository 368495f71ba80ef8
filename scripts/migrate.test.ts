// scripts/lib/migrate-runner.mjs against real PostgreSQL: each test works in its own scratch
// database (ferry_tool_*), dropped at the end.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MIGRATE_ADVISORY_LOCK_ID } from "./lib/migrate-runner.mjs";

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const created: string[] = [];
const tempDirs: string[] = [];

function scratchUrl(tag: string) {
  const name = `ferry_tool_${tag}_${randomBytes(4).toString("hex")}`;
  created.push(name);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

type Row = {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
};
const rowsOf = (url: string) =>
  withClient(url, async (c) => (await c.query<Row>("SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name")).rows);

function tempMigrations(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), "ferry-migrations-"));
  tempDirs.push(dir);
  copyFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const quiet = () => {};

afterAll(async () => {
  await withClient(ADMIN_URL, async (c) => {
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe("scripts/migrate (runner)", () => {
  const url = scratchUrl("migrate");
  const folders = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it("creates the database and applies every migration, recording rows as Prisma does", async () => {
    expect(folders.length).toBeGreaterThan(0);
    const lines: string[] = [];
    const res = await migrate({ databaseUrl: url, migrationsDir: MIGRATIONS_DIR, log: (l) => lines.push(l) });
    expect(res.createdDatabase).toBe(true);
    expect(res.applied).toEqual(folders);
    expect(lines.filter((l) => l.startsWith("applied "))).toHaveLength(folders.length);

    const rows = await rowsOf(url);
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    for (const r of rows) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.checksum).toBe(sha256(readFileSync(path.join(MIGRATIONS_DIR, r.migration_name, "migration.sql"))));
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.finished_at!.getTime()).toBeGreaterThanOrEqual(r.started_at.getTime());
      expect(r.applied_steps_count).toBe(1);
      expect(r.logs).toBeNull();
      expect(r.rolled_back_at).toBeNull();
    }
    // the table's own shape is Prisma's
    const cols = await withClient(url, async (c) =>
      (
        await c.query(
          `SELECT attname::text AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS notnull
             FROM pg_attribute WHERE attrelid = '_prisma_migrations'::regclass AND attnum > 0 ORDER BY attnum`,
        )
      ).rows,
    );
    expect(cols).toEqual([
      { name: "id", type: "character varying(36)", notnull: true },
      { name: "checksum", type: "character varying(64)", notnull: true },
      { name: "finished_at", type: "timestamp with time zone", notnull: false },
      { name: "migration_name", type: "character varying(255)", notnull: true },
      { name: "logs", type: "text", notnull: false },
      { name: "rolled_back_at", type: "timestamp with time zone", notnull: false },
      { name: "started_at", type: "timestamp with time zone", notnull: true },
      { name: "applied_steps_count", type: "integer", notnull: true },
    ]);
  });

  it("is idempotent: a second run applies nothing and adds no rows", async () => {
    const before = await rowsOf(url);
    const res = await migrate({ databaseUrl: url, migrationsDir: MIGRATIONS_DIR, log: quiet });
    expect(res).toMatchObject({ createdDatabase: false, applied: [], alreadyApplied: folders.length, warnings: [] });
    expect(await rowsOf(url)).toEqual(before);
  });

  it("Prisma's own engine (prisma-wasm.mjs status) reads the runner's history as up to date", () => {
    const r = spawnSync(process.execPath, ["scripts/prisma-wasm.mjs", "status"], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Database schema is up to date!");
    expect(r.status).toBe(0);
  });

  it("records a failing migration's logs, applies nothing after it, and refuses the next run (P3009)", async () => {
    const dir = tempMigrations({
      "20200101000000_one": `CREATE TABLE "One" ("id" INTEGER NOT NULL);\n`,
      "20200102000000_bad": `CREATE TABLE "Two" ("id" INTEGER NOT NULL);\nINSERT INTO "Missing" VALUES (1);\n`,
      "20200103000000_three": `CREATE TABLE "Three" ("id" INTEGER NOT NULL);\n`,
    });
    const db = scratchUrl("fail");
    await expect(migrate({ databaseUrl: db, migrationsDir: dir, log: quiet })).rejects.toMatchObject({
      code: "P3018",
      migrationName: "20200102000000_bad",
    });
    const rows = await rowsOf(db);
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null, r.applied_steps_count])).toEqual([
      ["20200101000000_one", true, 1],
      ["20200102000000_bad", false, 0],
    ]);
    expect(rows[1].logs).toContain('relation "Missing" does not exist');
    expect(rows[1].logs).toContain("42P01");
    // the failed script ran in one implicit transaction: its first statement is rolled back too
    const tables = await withClient(db, async (c) =>
      (await c.query(`SELECT relname::text AS t FROM pg_class WHERE relname IN ('One','Two','Three') ORDER BY 1`)).rows.map((r) => r.t),
    );
    expect(tables).toEqual(["One"]);

    // blocked until resolved, even after the script is fixed
    writeFileSync(path.join(dir, "20200102000000_bad", "migration.sql"), `CREATE TABLE "Two" ("id" INTEGER NOT NULL);\n`);
    await expect(migrate({ databaseUrl: db, migrationsDir: dir, log: quiet })).rejects.toMatchObject({ code: "P3009" });
    expect(await rowsOf(db)).toHaveLength(2);

    // `prisma migrate resolve --rolled-back`, by hand: the migration is pending again
    await withClient(db, (c) => c.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL`));
    const res = await migrate({ databaseUrl: db, migrationsDir: dir, log: quiet });
    expect(res.applied).toEqual(["20200102000000_bad", "20200103000000_three"]);
    expect((await rowsOf(db)).map((r) => [r.migration_name, r.rolled_back_at !== null, r.finished_at !== null])).toEqual([
      ["20200101000000_one", false, true],
      ["20200102000000_bad", true, false],
      ["20200102000000_bad", false, true],
      ["20200103000000_three", false, true],
    ]);
  });

  it("accepts CRLF/LF checksum variants and warns when an applied migration was edited", async () => {
    const dir = tempMigrations({ "20200101000000_crlf": `CREATE TABLE "A" (\r\n  "id" INTEGER\r\n);\r\n` });
    const db = scratchUrl("crlf");
    await migrate({ databaseUrl: db, migrationsDir: dir, log: quiet });
    const file = path.join(dir, "20200101000000_crlf", "migration.sql");

    writeFileSync(file, `CREATE TABLE "A" (\n  "id" INTEGER\n);\n`); // git checkout with autocrlf=false
    expect((await migrate({ databaseUrl: db, migrationsDir: dir, log: quiet })).warnings).toEqual([]);

    writeFileSync(file, `CREATE TABLE "A" (\n  "id" BIGINT\n);\n`);
    const lines: string[] = [];
    const res = await migrate({ databaseUrl: db, migrationsDir: dir, log: (l) => lines.push(l) });
    expect(res.applied).toEqual([]);
    expect(res.warnings).toHaveLength(1);
    expect(res.warnings[0]).toMatch(/20200101000000_crlf was modified after it was applied/);
    expect(lines).toContain(res.warnings[0]);
  });

  it("waits for Migrate's advisory lock", async () => {
    const dir = tempMigrations({ "20200101000000_one": `CREATE TABLE "One" ("id" INTEGER);\n` });
    const db = scratchUrl("lock");
    await migrate({ databaseUrl: db, migrationsDir: dir, log: quiet }); // creates the db
    mkdirSync(path.join(dir, "20200102000000_two"));
    writeFileSync(path.join(dir, "20200102000000_two", "migration.sql"), `CREATE TABLE "Two" ("id" INTEGER);\n`);

    const holder = new pg.Client({ connectionString: db });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(${MIGRATE_ADVISORY_LOCK_ID})`);
      let done = false;
      const run = migrate({ databaseUrl: db, migrationsDir: dir, log: quiet }).finally(() => (done = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      expect((await holder.query(`SELECT count(*)::int AS n FROM _prisma_migrations`)).rows[0].n).toBe(1);
      await holder.query(`SELECT pg_advisory_unlock(${MIGRATE_ADVISORY_LOCK_ID})`);
      expect((await run).applied).toEqual(["20200102000000_two"]);
    } finally {
      await holder.end();
    }
  });

  it("CLI: prints one line per migration and a summary; exits 1 with the error on failure", () => {
    const db = scratchUrl("cli");
    const ok = spawnSync(process.execPath, ["scripts/migrate.mjs"], { env: { ...process.env, DATABASE_URL: db }, encoding: "utf8" });
    expect(ok.status).toBe(0);
    const out = ok.stdout.trim().split("\n");
    expect(out.filter((l) => l.startsWith("applied "))).toHaveLength(folders.length);
    expect(out.at(-1)).toMatch(new RegExp(`^${folders.length} migrations? applied to ferry_tool_cli_`));

    const bad = spawnSync(process.execPath, ["scripts/migrate.mjs"], {
      env: { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/ferry_tool_nowhere" },
      encoding: "utf8",
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*ECONNREFUSED/);
  });
});
