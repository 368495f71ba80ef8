#!/usr/bin/env node
// Prisma's own schema engine (the WebAssembly build, @prisma/schema-engine-wasm) driven through
// @prisma/adapter-pg, because the Prisma CLI's `migrate` needs a native engine it downloads at run time.
//
//   node scripts/prisma-wasm.mjs create <name>   new prisma/migrations/<UTC ts>_<name>/migration.sql
//                                                (= `prisma migrate dev --create-only`; "no changes" when none)
//   node scripts/prisma-wasm.mjs drift           live database vs prisma/schema.prisma: exit 0 "no drift",
//                                                exit 2 and the SQL that would fix the database on drift
//   node scripts/prisma-wasm.mjs status          (= `prisma migrate status`; exit 1 when not up to date)
//   node scripts/prisma-wasm.mjs deploy          (= `prisma migrate deploy`; CI uses scripts/migrate.mjs)
//
// DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/ferry). The engine creates and drops its own
// shadow database (prisma_migrate_shadow_db_<uuid>) on the same server, so the role needs CREATEDB.
//
// Workarounds (see shared docs, "Option B"):
//  1. the package is bundler-only (`import * as wasm from "./x.wasm"`): the wasm is instantiated by hand;
//  2. adapter-pg 7.10 cannot map pg's internal `"char"` type (oid 18) the engine's introspection selects:
//     such columns are reported as text;
//  3. PrismaPg.connectToShadowDb() connects its "shadow" pool to the main database (the connection string
//     wins over `database`) and drops the shadow db while its pool is still open: replaced below.
// The engine is pinned to @prisma/engines-version of the installed prisma (7.10.0-4.0edf323…).
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/ferry";
const FILTERS = { externalTables: [], externalEnums: [] };

// ── workaround 2: pg's "char" (oid 18) reported as text ─────────────────────────────────────────
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
if (!pg.Result.prototype.__ferryCharPatched) {
  const addFields = pg.Result.prototype.addFields;
  pg.Result.prototype.addFields = function (fieldDescriptions) {
    for (const f of fieldDescriptions) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
    return addFields.call(this, fieldDescriptions);
  };
  pg.Result.prototype.__ferryCharPatched = true;
}

// ── workaround 1: instantiate the wasm by hand ───────────────────────────────────────────────────
async function loadEngineModule() {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm")); // exports has no ./package.json
  const bg = await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href);
  const bytes = readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bg;
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

// ── workaround 3: a shadow-database connector that creates and drops its own database ───────────
function adapterFactory(databaseUrl) {
  const main = new PrismaPg({ connectionString: databaseUrl });
  return {
    provider: "postgres",
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, "postgres") });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const adapter = await new PrismaPg({ connectionString: withDatabase(databaseUrl, name) }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        try {
          await dispose(); // ends the shadow pool first
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end());
        }
      };
      return adapter;
    },
  };
}

/** Ensures the database exists (the engine's "main" connection must reach it). */
async function ensureDatabase(databaseUrl) {
  const name = databaseName(databaseUrl);
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, "postgres") });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

async function databaseExists(databaseUrl) {
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, "postgres") });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName(databaseUrl)]);
    return rowCount > 0;
  } finally {
    await admin.end();
  }
}

export async function openEngine({ databaseUrl, schemaFiles, debug = !!process.env.FERRY_ENGINE_DEBUG }) {
  const bg = await loadEngineModule();
  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory(databaseUrl));
  const log = (msg) => {
    if (debug) process.stderr.write(`[schema-engine] ${typeof msg === "string" ? msg : JSON.stringify(msg)}\n`);
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
    log,
    factory,
  );
  return { engine, version: bg.version() };
}

export function readSchemaFiles(schemaPath) {
  return [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }];
}

/** The engine's MigrationList: every folder of migrationsDir that holds a migration.sql, in name order. */
export function readMigrationsList(migrationsDir) {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      let content;
      try {
        content = { tag: "ok", value: readFileSync(file, "utf8") };
      } catch (e) {
        content = { tag: "error", value: String(e?.message ?? e) };
      }
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  };
}

function utcTimestamp(d = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

function formatEngineError(e) {
  if (e && typeof e === "object") {
    const parts = [e.message, e.error_code && `(${e.error_code})`, e.meta && !e.message ? JSON.stringify(e.meta) : null];
    const s = parts.filter(Boolean).join(" ");
    if (s) return s;
    try {
      return JSON.stringify(e);
    } catch {}
  }
  return String(e);
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_URL;
  const schemaPath = path.resolve(ROOT, process.env.PRISMA_SCHEMA ?? "prisma/schema.prisma");
  const migrationsDir = path.resolve(ROOT, process.env.PRISMA_MIGRATIONS_DIR ?? "prisma/migrations");
  const rel = (p) => path.relative(process.cwd(), p) || ".";

  if (!["create", "drift", "status", "deploy"].includes(cmd)) {
    console.error("usage: node scripts/prisma-wasm.mjs create <name> | drift | status | deploy");
    return 64;
  }
  const schemaFiles = readSchemaFiles(schemaPath);

  if (cmd === "create") {
    const name = rest.find((a) => !a.startsWith("-"));
    if (!name || !/^[A-Za-z0-9_]+$/.test(name)) {
      console.error("usage: node scripts/prisma-wasm.mjs create <name>   (letters, digits and _ only)");
      return 64;
    }
    // Only the shadow database is used, but the engine's main connection must reach an existing database.
    const mainUrl = (await databaseExists(databaseUrl)) ? databaseUrl : withDatabase(databaseUrl, "postgres");
    const { engine } = await openEngine({ databaseUrl: mainUrl, schemaFiles });
    try {
      // The wasm engine's createMigration gets no shadow-database factory ("PostgreSQL shadow DB must be
      // provided through an external factory"); diff does: migrations replayed in a shadow db → schema.
      const res = await engine.diff({
        from: { tag: "migrations", ...readMigrationsList(migrationsDir) },
        to: { tag: "schemaDatamodel", files: schemaFiles },
        script: true,
        exitCode: true,
        filters: FILTERS,
      });
      const out = { migrationScript: res.exitCode === 2 ? res.stdout : null, extension: "sql" };
      if (out.migrationScript == null) {
        console.log("no changes: prisma/schema.prisma matches the migrations; nothing written");
        return 0;
      }
      const folder = `${utcTimestamp()}_${name}`;
      const dir = path.join(migrationsDir, folder);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `migration.${out.extension || "sql"}`), out.migrationScript);
      const lock = path.join(migrationsDir, "migration_lock.toml");
      if (!existsSync(lock)) {
        writeFileSync(lock, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n`);
      }
      console.log(`created ${rel(path.join(dir, "migration.sql"))}`);
      return 0;
    } finally {
      engine.free();
    }
  }

  if (cmd === "drift") {
    const { engine } = await openEngine({ databaseUrl, schemaFiles });
    try {
      const res = await engine.diff({
        from: { tag: "schemaDatasource", files: schemaFiles, configDir: ROOT },
        to: { tag: "schemaDatamodel", files: schemaFiles },
        script: true,
        exitCode: true,
        filters: FILTERS,
      });
      if (res.exitCode === 2) {
        console.log(`drift: the database at ${databaseName(databaseUrl)} differs from prisma/schema.prisma; SQL to bring it in line:\n`);
        console.log(res.stdout ?? "");
        return 2;
      }
      console.log("no drift");
      return res.exitCode ?? 0;
    } finally {
      engine.free();
    }
  }

  if (cmd === "status") {
    const list = readMigrationsList(migrationsDir);
    console.log(`${list.migrationDirectories.length} migration${list.migrationDirectories.length === 1 ? "" : "s"} found in ${rel(migrationsDir)}`);
    if (!(await databaseExists(databaseUrl))) {
      console.log(`database ${databaseName(databaseUrl)} does not exist`);
      return 1;
    }
    const { engine } = await openEngine({ databaseUrl, schemaFiles });
    try {
      const d = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: FILTERS });
      let code = 0;
      if (!d.hasMigrationsTable && list.migrationDirectories.length) console.log("The database has no _prisma_migrations table.");
      if (d.failedMigrationNames.length) {
        code = 1;
        console.log(`Following migration${d.failedMigrationNames.length === 1 ? " has" : "s have"} failed:\n${d.failedMigrationNames.join("\n")}`);
      }
      if (d.editedMigrationNames.length) {
        code = 1;
        console.log(`Following migration${d.editedMigrationNames.length === 1 ? " was" : "s were"} modified after being applied:\n${d.editedMigrationNames.join("\n")}`);
      }
      const h = d.history;
      if (h?.diagnostic === "databaseIsBehind") {
        code = 1;
        console.log(`Following migration${h.unappliedMigrationNames.length === 1 ? " has" : "s have"} not yet been applied:\n${h.unappliedMigrationNames.join("\n")}`);
      } else if (h?.diagnostic === "migrationsDirectoryIsBehind") {
        code = 1;
        console.log(`The migrations from the database are not found locally in ${rel(migrationsDir)}:\n${h.unpersistedMigrationNames.join("\n")}`);
      } else if (h?.diagnostic === "historiesDiverge") {
        code = 1;
        console.log(`Your local migration history and the migrations table from your database are different:\n` +
          `The last common migration is: ${h.lastCommonMigrationName ?? "(none)"}\n` +
          `Not yet applied: ${h.unappliedMigrationNames.join(", ") || "(none)"}\n` +
          `Only in the database: ${h.unpersistedMigrationNames.join(", ") || "(none)"}`);
      }
      if (code === 0) console.log("Database schema is up to date!");
      return code;
    } finally {
      engine.free();
    }
  }

  // deploy
  await ensureDatabase(databaseUrl);
  const { engine } = await openEngine({ databaseUrl, schemaFiles });
  try {
    const out = await engine.applyMigrations({ migrationsList: readMigrationsList(migrationsDir), filters: FILTERS });
    for (const n of out.appliedMigrationNames) console.log(`applied ${n}`);
    console.log(out.appliedMigrationNames.length ? `${out.appliedMigrationNames.length} migration(s) applied` : "No pending migrations to apply.");
    return 0;
  } finally {
    engine.free();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`error: ${formatEngineError(e)}`);
      process.exit(1);
    },
  );
}
