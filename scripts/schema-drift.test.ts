// prisma/schema.prisma vs the database its migrations produce, two ways:
//  (a) engine-free: the same {tables, enums} shape built from getDMMF() and from pg_catalog;
//  (b) exact: Prisma's own differ (scripts/prisma-wasm.mjs drift).
// Each runs against a scratch database (ferry_tool_drift_*) migrated by scripts/lib/migrate-runner.mjs.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { getDMMF } from "@prisma/get-dmmf";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "./lib/migrate-runner.mjs";

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const name = `ferry_tool_drift_${randomBytes(4).toString("hex")}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
})();

type Table = { columns: Record<string, string>; indexes: string[]; foreignKeys: string[] };
type Shape = { tables: Record<string, Table>; enums: Record<string, string[]> };

// ── expected: from the Prisma schema ────────────────────────────────────────────────────────────
const SCALAR: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
  Decimal: "numeric(65,30)",
};
function nativeType([type, args]: [string, string[]]): string {
  const a = args.length ? `(${args.join(",")})` : "";
  const map: Record<string, string> = {
    Uuid: "uuid",
    Text: "text",
    VarChar: `character varying${a}`,
    Char: `character${a}`,
    Integer: "integer",
    SmallInt: "smallint",
    BigInt: "bigint",
    DoublePrecision: "double precision",
    Real: "real",
    Decimal: `numeric${a}`,
    Boolean: "boolean",
    Date: "date",
    Timestamp: `timestamp${a} without time zone`,
    Timestamptz: `timestamp${a} with time zone`,
    Time: `time${a} without time zone`,
    Timetz: `time${a} with time zone`,
    Json: "json",
    JsonB: "jsonb",
    ByteA: "bytea",
    Inet: "inet",
    Citext: "citext",
  };
  if (!(type in map)) throw new Error(`schema-drift test: no mapping for @db.${type}; add one`);
  return map[type];
}
/** format_type() quotes identifiers that are not plain lower-case. */
const ident = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);
/** Prisma's default constraint/index names (truncated to PostgreSQL's 63 bytes before the suffix). */
const defaultName = (table: string, cols: string[], suffix: string) =>
  `${`${table}_${cols.join("_")}`.slice(0, 63 - suffix.length - 1)}_${suffix}`;
const ACTION: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

function expectedShape(): Shape {
  const dmmf = getDMMF({ datamodel: readFileSync("prisma/schema.prisma", "utf8") });
  if (!("datamodel" in dmmf)) throw new Error(`getDMMF failed: ${JSON.stringify(dmmf)}`);
  const dm = dmmf.datamodel;
  const enumDbName = new Map(dm.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const enums = Object.fromEntries(dm.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
  const tables: Record<string, Table> = {};
  for (const m of dm.models) {
    const table = m.dbName ?? m.name;
    const col = new Map(m.fields.map((f) => [f.name, f.dbName ?? f.name]));
    const columns: Record<string, string> = {};
    for (const f of m.fields) {
      if (f.kind === "object") continue;
      let type =
        f.kind === "enum"
          ? ident(enumDbName.get(f.type as string)!)
          : f.nativeType
            ? nativeType(f.nativeType as [string, string[]])
            : SCALAR[f.type as string];
      if (!type) throw new Error(`schema-drift test: no mapping for ${m.name}.${f.name}: ${String(f.type)}`);
      if (f.isList) type += "[]";
      // Prisma creates scalar lists as nullable columns (`TEXT[] DEFAULT ARRAY[]::TEXT[]`).
      columns[col.get(f.name)!] = f.isRequired && !f.isList ? `${type} not null` : type;
    }
    const indexes = dm.indexes
      .filter((ix) => ix.model === m.name && (ix.type === "id" || ix.type === "unique" || ix.type === "normal"))
      .map((ix) => {
        const cols = ix.fields.map((x) => col.get(x.name)!);
        const kind = ix.type === "id" ? "primary" : ix.type === "unique" ? "unique" : "index";
        const suffix = ix.type === "id" ? "pkey" : ix.type === "unique" ? "key" : "idx";
        const ixName = ix.dbName ?? (ix.type === "id" ? `${table}_pkey` : defaultName(table, cols, suffix));
        const parts = ix.fields.map((x) => `${col.get(x.name)}${x.sortOrder === "desc" ? " DESC" : ""}`);
        return `${kind} ${ixName} (${parts.join(", ")})`;
      })
      .sort();
    const foreignKeys = m.fields
      .filter((f) => f.kind === "object" && f.relationFromFields && f.relationFromFields.length > 0)
      .map((f) => {
        const from = f.relationFromFields!.map((x) => col.get(x)!);
        const target = dm.models.find((t) => t.name === f.type)!;
        const tcol = new Map(target.fields.map((x) => [x.name, x.dbName ?? x.name]));
        const onDelete = f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull");
        const onUpdate = (f as { relationOnUpdate?: string }).relationOnUpdate ?? "Cascade";
        return (
          `${defaultName(table, from, "fkey")} (${from.join(", ")}) -> ${target.dbName ?? target.name}` +
          `(${f.relationToFields!.map((x) => tcol.get(x)).join(", ")}) on delete ${ACTION[onDelete]} on update ${ACTION[onUpdate]}`
        );
      })
      .sort();
    tables[table] = { columns, indexes, foreignKeys };
  }
  return { tables, enums };
}

// ── actual: from pg_catalog ─────────────────────────────────────────────────────────────────────
const PG_ACTION: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

async function actualShape(client: pg.Client): Promise<Shape> {
  const tables: Record<string, Table> = {};
  const t = (n: string) => (tables[n] ??= { columns: {}, indexes: [], foreignKeys: [] });
  const cols = await client.query<{ table: string; name: string; type: string; notnull: boolean }>(`
    SELECT c.relname::text AS table, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r','p') AND a.attnum > 0 AND NOT a.attisdropped
       AND c.relname <> '_prisma_migrations'
     ORDER BY c.relname, a.attnum`);
  for (const r of cols.rows) t(r.table).columns[r.name] = r.notnull ? `${r.type} not null` : r.type;

  const idx = await client.query<{ table: string; name: string; primary: boolean; unique: boolean; cols: string[] }>(`
    SELECT c.relname::text AS table, ic.relname::text AS name, i.indisprimary AS primary, i.indisunique AS unique,
           array_agg(a.attname::text || CASE WHEN pg_index_column_has_property(i.indexrelid, k.ord::int, 'desc') THEN ' DESC' ELSE '' END
                     ORDER BY k.ord) AS cols
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class ic ON ic.oid = i.indexrelid
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'
     GROUP BY 1, 2, 3, 4`);
  for (const r of idx.rows) {
    const kind = r.primary ? "primary" : r.unique ? "unique" : "index";
    t(r.table).indexes.push(`${kind} ${r.name} (${r.cols.join(", ")})`);
  }

  const fks = await client.query<{ table: string; name: string; from: string[]; target: string; to: string[]; del: string; upd: string }>(`
    SELECT c.relname::text AS table, con.conname::text AS name, ft.relname::text AS target,
           ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS from,
           ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o) AS to,
           con.confdeltype::text AS del, con.confupdtype::text AS upd
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class ft ON ft.oid = con.confrelid
     WHERE con.contype = 'f' AND n.nspname = 'public'`);
  for (const r of fks.rows) {
    t(r.table).foreignKeys.push(
      `${r.name} (${r.from.join(", ")}) -> ${r.target}(${r.to.join(", ")}) on delete ${PG_ACTION[r.del]} on update ${PG_ACTION[r.upd]}`,
    );
  }
  for (const tb of Object.values(tables)) {
    tb.indexes.sort();
    tb.foreignKeys.sort();
  }

  const en = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' GROUP BY 1`);
  const enums = Object.fromEntries(en.rows.map((r) => [r.name, r.values]));
  return { tables, enums };
}

function drift() {
  const r = spawnSync(process.execPath, ["scripts/prisma-wasm.mjs", "drift"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// ── tests ───────────────────────────────────────────────────────────────────────────────────────
let client: pg.Client;

beforeAll(async () => {
  await migrate({ databaseUrl: url, migrationsDir: path.resolve("prisma/migrations"), log: () => {} });
  client = new pg.Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("schema.prisma vs the migrated database", () => {
  it("(a) engine-free: DMMF and pg_catalog agree on tables, columns, indexes, foreign keys and enums", async () => {
    const expected = expectedShape();
    expect(Object.keys(expected.tables).length).toBeGreaterThan(0);
    expect(await actualShape(client)).toEqual(expected);
  });

  it("(a) the comparison notices an extra column", async () => {
    await client.query(`ALTER TABLE "User" ADD COLUMN "driftProbe" INTEGER`);
    try {
      expect(await actualShape(client)).not.toEqual(expectedShape());
    } finally {
      await client.query(`ALTER TABLE "User" DROP COLUMN "driftProbe"`);
    }
  });

  it("(b) Prisma's differ (scripts/prisma-wasm.mjs drift) reports no drift", () => {
    const r = drift();
    expect(r.err).toBe("");
    expect(r.out.trim()).toBe("no drift");
    expect(r.code).toBe(0);
  });

  it("(b) ...and exits 2 with the SQL when the database differs", async () => {
    await client.query(`ALTER TABLE "User" ADD COLUMN "driftProbe" INTEGER`);
    try {
      const r = drift();
      expect(r.code).toBe(2);
      expect(r.out).toContain(`DROP COLUMN "driftProbe"`);
    } finally {
      await client.query(`ALTER TABLE "User" DROP COLUMN "driftProbe"`);
    }
  });
});
