// Applies prisma/migrations/* with nothing but `pg`, recording them in `_prisma_migrations` exactly as
// Prisma's schema engine does (`prisma migrate deploy`), so Prisma's own tooling (`migrate status`,
// scripts/prisma-wasm.mjs status/drift) sees the same history. Types: ./migrate-runner.d.mts.
//
// What Prisma's engine does and this mirrors:
//  - `_prisma_migrations` is created (same DDL) when absent; a non-empty schema without it is refused (P3005);
//  - `SELECT pg_advisory_lock(72707369)` (Migrate's lock id) for the whole run;
//  - a row with finished_at IS NULL AND rolled_back_at IS NULL blocks every new migration (P3009);
//  - pending = a folder with no row of that name whose rolled_back_at IS NULL; folders in name order;
//  - per migration: INSERT (id uuid v4, checksum = hex sha256 of migration.sql, started_at now(), name);
//    the whole script as one simple query (one implicit transaction); on success applied_steps_count + 1,
//    then finished_at = now(); on failure logs = the error, and stop (P3018);
//  - checksums of applied migrations are compared allowing CRLF/LF variants; a change is a warning.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/ferry";
export const MIGRATE_ADVISORY_LOCK_ID = 72707369;

/** Prisma's DDL for the migrations table (schema-engine, sql-schema-connector, postgres flavour). */
export const MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export class MigrationError extends Error {
  /**
   * @param {string} message
   * @param {{ code?: string, migrationName?: string, cause?: unknown }} [opts]
   */
  constructor(message, opts = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "MigrationError";
    this.code = opts.code;
    this.migrationName = opts.migrationName;
  }
}

/** @param {Buffer | string} bytes */
export function checksum(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Prisma's `script_checksum_matches`: exact, or equal once line endings are converted either way. */
export function checksumMatches(recorded, content) {
  const text = content.toString("utf8");
  if (checksum(content) === recorded) return true;
  const lf = text.replace(/\r\n/g, "\n");
  const crlf = lf.replace(/\n/g, "\r\n");
  return checksum(lf) === recorded || checksum(crlf) === recorded;
}

/** Migration folders (those holding migration.sql) of `migrationsDir`, in name order. */
export function listMigrations(migrationsDir) {
  if (!existsSync(migrationsDir)) return [];
  const lock = path.join(migrationsDir, "migration_lock.toml");
  if (existsSync(lock)) {
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lock, "utf8"))?.[1];
    if (provider && provider !== "postgresql") {
      throw new MigrationError(
        `P3019: migration_lock.toml says provider "${provider}", but the database is PostgreSQL`,
        { code: "P3019" },
      );
    }
  }
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      if (!existsSync(file)) {
        throw new MigrationError(`migration folder ${name} has no migration.sql`, { migrationName: name });
      }
      const bytes = readFileSync(file);
      return { name, file, bytes, checksum: checksum(bytes) };
    });
}

/** Splits `?schema=` (Prisma's convention) off the URL; pg itself ignores it. */
function parseUrl(databaseUrl) {
  const u = new URL(databaseUrl);
  const schema = u.searchParams.get("schema") || "public";
  u.searchParams.delete("schema");
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!database) throw new MigrationError(`DATABASE_URL has no database name: ${redact(databaseUrl)}`);
  const admin = new URL(u);
  admin.pathname = "/postgres";
  return { url: u.toString(), adminUrl: admin.toString(), database, schema };
}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}

/** Creates the database when it does not exist; returns whether it did. */
async function ensureDatabase({ adminUrl, database }) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
      return true;
    } catch (e) {
      if (/** @type {any} */ (e).code === "42P04") return false; // created concurrently
      throw e;
    }
  } finally {
    await admin.end();
  }
}

function formatDbError(e, migrationName) {
  const err = /** @type {any} */ (e);
  const lines = [`Migration name: ${migrationName}`, ""];
  if (err?.code) lines.push(`Database error code: ${err.code}`, "");
  lines.push("Database error:", `ERROR: ${err?.message ?? String(e)}`);
  if (err?.detail) lines.push(`DETAIL: ${err.detail}`);
  if (err?.hint) lines.push(`HINT: ${err.hint}`);
  if (err?.where) lines.push(`CONTEXT: ${err.where}`);
  if (err?.position) lines.push(`POSITION: ${err.position}`);
  return lines.join("\n");
}

/**
 * Applies the pending migrations of `migrationsDir` to the database at `databaseUrl`.
 * @param {import("./migrate-runner.d.mts").MigrateOptions} [options]
 * @returns {Promise<import("./migrate-runner.d.mts").MigrateResult>}
 */
export async function migrate({
  databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  migrationsDir = path.resolve("prisma/migrations"),
  log = (line) => console.log(line),
} = {}) {
  const t0 = performance.now();
  const target = parseUrl(databaseUrl);
  const migrations = listMigrations(migrationsDir);
  const createdDatabase = await ensureDatabase(target);
  if (createdDatabase) log(`created database ${target.database}`);

  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  /** @type {string[]} */ const applied = [];
  /** @type {string[]} */ const warnings = [];
  let alreadyApplied = 0;
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATE_ADVISORY_LOCK_ID})`);
    if (target.schema !== "public") {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(target.schema)}`);
    }
    await client.query(`SET search_path TO ${pg.escapeIdentifier(target.schema)}`);

    const { rows: [{ exists }] } = await client.query(
      "SELECT to_regclass(format('%I._prisma_migrations', $1::text)) IS NOT NULL AS exists",
      [target.schema],
    );
    if (!exists) {
      const { rows: [{ n }] } = await client.query(
        `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
                  WHERE s.nspname = $1 AND c.relkind IN ('r','p','v','m','f'))
              + (SELECT count(*) FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace
                  WHERE s.nspname = $1 AND t.typtype = 'e') AS n`,
        [target.schema],
      );
      if (Number(n) > 0 && migrations.length > 0) {
        throw new MigrationError(
          `P3005: the database schema "${target.schema}" of ${target.database} is not empty and has no _prisma_migrations table. ` +
            "Baseline it (insert the already-applied migrations into _prisma_migrations) before deploying.",
          { code: "P3005" },
        );
      }
      await client.query(MIGRATIONS_TABLE_DDL);
    }

    const { rows } = await client.query(
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
         FROM _prisma_migrations ORDER BY started_at ASC`,
    );
    const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed.length) {
      const f = failed[0];
      throw new MigrationError(
        `P3009: migrate found failed migrations in the target database, new migrations will not be applied.\n` +
          failed
            .map((r) => `The \`${r.migration_name}\` migration started at ${new Date(r.started_at).toISOString()} failed`)
            .join("\n") +
          `\nFix the database, then mark it resolved (UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = '${f.id}'` +
          ` to re-run it, or set finished_at if it was completed by hand). Logs:\n${f.logs ?? "(none)"}`,
        { code: "P3009", migrationName: f.migration_name },
      );
    }
    const live = rows.filter((r) => r.rolled_back_at === null);
    const local = new Set(migrations.map((m) => m.name));
    for (const r of live) {
      if (!local.has(r.migration_name)) {
        const w = `warning: migration ${r.migration_name} is applied to the database but missing from ${migrationsDir}`;
        warnings.push(w);
        log(w);
      }
    }

    for (const m of migrations) {
      const done = live.filter((r) => r.migration_name === m.name);
      if (done.length) {
        alreadyApplied++;
        if (!done.some((r) => checksumMatches(r.checksum, m.bytes))) {
          const w = `warning: migration ${m.name} was modified after it was applied (checksum ${m.checksum} != recorded ${done[0].checksum})`;
          warnings.push(w);
          log(w);
        }
        continue;
      }
      const id = randomUUID();
      const started = performance.now();
      await client.query(
        "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)",
        [id, m.checksum, m.name],
      );
      try {
        await client.query(m.bytes.toString("utf8")); // no parameters: simple protocol, one implicit transaction
      } catch (e) {
        const logs = formatDbError(e, m.name);
        await client.query("UPDATE _prisma_migrations SET logs = $2 WHERE id = $1", [id, logs]);
        throw new MigrationError(`P3018: migration ${m.name} failed to apply; no later migration was applied.\n${logs}`, {
          code: "P3018",
          migrationName: m.name,
          cause: e,
        });
      }
      await client.query("UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1", [id]);
      await client.query("UPDATE _prisma_migrations SET finished_at = now() WHERE id = $1", [id]);
      applied.push(m.name);
      log(`applied ${m.name} (${Math.round(performance.now() - started)} ms)`);
    }
    await client.query(`SELECT pg_advisory_unlock(${MIGRATE_ADVISORY_LOCK_ID})`);
  } finally {
    await client.end();
  }
  const ms = Math.round(performance.now() - t0);
  log(
    applied.length
      ? `${applied.length} migration${applied.length === 1 ? "" : "s"} applied to ${target.database}` +
          `${alreadyApplied ? `, ${alreadyApplied} already applied` : ""} (${ms} ms)`
      : `no pending migrations: ${target.database} is up to date (${alreadyApplied} applied, ${ms} ms)`,
  );
  return { database: target.database, createdDatabase, applied, alreadyApplied, warnings, durationMs: ms };
}
