/**
 * Requests-table benchmark (a figure, not a test): 200,000 requests in one workspace, then the
 * dashboard's session-authenticated JSON route `GET /api/w/<workspace>/requests` on `next start`
 * (production build), signed in through next-auth's credentials callback like the browser. First
 * page and a deep page (keyset cursor ~150k rows deep), each with and without a status filter,
 * 200 sequential samples each; prints p50/p95 and the EXPLAIN ANALYZE of the exact SQL
 * (lib/dashboard/list-requests.ts listRequestsSql) with the indexes it uses.
 * Target: p95 ≤ 150 ms for every case.
 *
 *   npx tsx scripts/bench/requests-table.ts [--rows 200000] [--samples 200]
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { encodeCursor, listRequestsSql } from "@/lib/dashboard/list-requests";
import { ZRequestsQuery, type RequestsQueryInput } from "@/lib/dashboard/requests-query";
import { createBenchDatabase } from "./lib/bench-db";
import { ensureProductionBuild, startNextServer } from "./lib/next-server";
import { addBenchOwner, signIn, timeJsonGet } from "./lib/sign-in";
import { verdict } from "./lib/stats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const ROWS = arg("rows", 200_000);
const SAMPLES = arg("samples", 200);
const SLUG = "bench";
const log = (line: string) => console.log(`[requests-table] ${line}`);

/** 200k realistic-looking rows in one statement: channels, statuses (10% open), urgency, people. */
async function fill(pool: pg.Pool, workspaceId: string) {
  const t0 = Date.now();
  await pool.query(
    `INSERT INTO "Request" ("id", "workspaceId", "number", "channel", "title", "summary", "messageText", "status",
        "urgency", "sentiment", "aiTags", "assigneeName", "requestorName", "requestorEmail", "requestorCompany",
        "customValues", "version", "createdAt", "updatedAt", "receivedAt", "closedAt")
     SELECT gen_random_uuid(), $1::uuid, g,
       (ARRAY['SLACK','EMAIL','WEB','MS_TEAMS'])[1 + g % 4]::"Channel",
       (ARRAY['SSO login fails','CSV export missing columns','Invoice seat count wrong','Dashboard slow','Webhook 401s',
              'Campaign emails in spam','API rate limit too low','Teams notifications stopped'])[1 + g % 8] || ' #' || g,
       'Customer reports a problem; summary ' || g,
       'Since this morning nobody on our team can do this. Ticket ' || g,
       (CASE WHEN g % 10 = 0 THEN 'OPEN' WHEN g % 10 = 1 THEN 'IN_PROGRESS' WHEN g % 10 = 2 THEN 'WAITING_ON_CUSTOMER'
             WHEN g % 10 = 3 THEN 'ON_HOLD' ELSE 'CLOSED' END)::"RequestStatus",
       (ARRAY['LOW','MEDIUM','HIGH','URGENT'])[1 + (g / 3) % 4]::"Urgency",
       (ARRAY['POSITIVE','NEUTRAL','NEGATIVE'])[1 + (g / 7) % 3]::"Sentiment",
       ARRAY['login','export']::text[],
       (ARRAY['Priya Raman','Marcus Reed','Aiko Tanaka',NULL])[1 + (g / 5) % 4],
       'Customer ' || (g % 5000),
       'customer' || (g % 5000) || '@company' || (g % 700) || '.example',
       'Company ' || (g % 700),
       jsonb_build_object('product', (ARRAY['Analytics','Billing','Integrations'])[1 + g % 3]),
       1,
       now() - make_interval(secs => ($2::int - g) * 300 + (g % 17)),
       now() - make_interval(secs => ($2::int - g) * 300 - 600),
       now() - make_interval(secs => ($2::int - g) * 300),
       CASE WHEN g % 10 >= 4 THEN now() - make_interval(secs => ($2::int - g) * 300 - 3600) END
     FROM generate_series(1, $2::int) AS g`,
    [workspaceId, ROWS],
  );
  await pool.query(`UPDATE "Workspace" SET "nextRequestNumber" = $2 + 1 WHERE id = $1::uuid`, [workspaceId, ROWS]);
  await pool.query(`ANALYZE "Request"`);
  log(`inserted ${ROWS.toLocaleString("en")} requests and analyzed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** The cursor of the row `offset` rows into the list (as the table would hand out after paging that far). */
async function cursorAt(pool: pg.Pool, workspaceId: string, offset: number, status?: string) {
  const { rows } = await pool.query<{ id: string; createdAt: Date }>(
    `SELECT id, "createdAt" FROM "Request" WHERE "workspaceId" = $1::uuid ${status ? `AND status = $3::"RequestStatus"` : ""}
     ORDER BY "createdAt" DESC, id DESC OFFSET $2 LIMIT 1`,
    status ? [workspaceId, offset, status] : [workspaceId, offset],
  );
  const row = rows[0];
  if (!row) throw new Error(`no row at offset ${offset}`);
  return encodeCursor({ s: "created", d: "desc", v: row.createdAt.toISOString(), id: row.id, b: false });
}

async function measure(baseUrl: string, cookie: string, query: RequestsQueryInput) {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const r = await timeJsonGet<{ items?: unknown[] }>(`${baseUrl}/api/w/${SLUG}/requests?${params}`, cookie, {
    samples: SAMPLES,
    accept: (body) => Array.isArray(body.items) && body.items.length > 0,
  });
  return { p50: r.p50, p95: r.p95, max: r.max, items: r.last.items?.length ?? 0 };
}

/** EXPLAIN ANALYZE of exactly the SQL the read model runs for this query. */
async function explain(pool: pg.Pool, workspaceId: string, query: RequestsQueryInput) {
  const { sql } = listRequestsSql({ workspaceId, query: ZRequestsQuery.parse(query) });
  const { rows } = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values as unknown[]);
  const lines = rows.map((r) => r["QUERY PLAN"]);
  const scans = lines.filter((l) => /Scan|Sort/.test(l)).map((l) => l.trim().replace(/\s+\(cost=.*?\)/, ""));
  const exec = lines.find((l) => l.startsWith("Execution Time")) ?? "";
  return { scans, exec, usesIndex: scans.some((s) => /Index (Only )?Scan/.test(s)) && !scans.some((s) => /Seq Scan|^Sort/.test(s)) };
}

async function main() {
  const tAll = Date.now();
  ensureProductionBuild(root, log);
  const bench = await createBenchDatabase("ferry_bench_table", root);
  log(`database ${bench.name}`);
  const pool = new pg.Pool({ connectionString: bench.databaseUrl, max: 2 });
  let server: Awaited<ReturnType<typeof startNextServer>> | null = null;
  try {
    const { rows: [ws] } = await pool.query<{ id: string }>(
      `INSERT INTO "Workspace" (id, slug, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'Bench', now()) RETURNING id`,
      [SLUG],
    );
    const workspaceId = ws!.id;
    await addBenchOwner(pool, workspaceId);
    await fill(pool, workspaceId);

    server = await startNextServer({ root, env: { DATABASE_URL: bench.databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" } });
    log(`next start at ${server.url}`);
    const cookie = await signIn(server.url);

    const deep = Math.min(150_000, Math.floor(ROWS * 0.75));
    const openCount = Math.floor(ROWS / 10);
    const cases: { label: string; query: RequestsQueryInput }[] = [
      { label: "first page", query: {} },
      { label: "first page, status=OPEN", query: { status: "OPEN" } },
      { label: `deep page (~${deep.toLocaleString("en")} rows in)`, query: { cursor: await cursorAt(pool, workspaceId, deep) } },
      {
        label: `deep page, status=OPEN (~${Math.floor(openCount * 0.75).toLocaleString("en")} of ${openCount.toLocaleString("en")} open in)`,
        query: { status: "OPEN", cursor: await cursorAt(pool, workspaceId, Math.floor(openCount * 0.75), "OPEN") },
      },
    ];

    console.log("");
    console.log(`  GET /api/w/${SLUG}/requests (session cookie), ${SAMPLES} sequential samples each, ${ROWS.toLocaleString("en")} rows in the workspace`);
    let worstP95 = 0;
    for (const c of cases) {
      const r = await measure(server.url, cookie, c.query);
      worstP95 = Math.max(worstP95, r.p95);
      console.log(
        `  ${c.label.padEnd(48)} p50 ${r.p50.toFixed(1).padStart(6)} ms · p95 ${r.p95.toFixed(1).padStart(6)} ms · max ${r.max.toFixed(0).padStart(4)} ms · ${r.items} rows`,
      );
    }
    console.log("");
    console.log("  EXPLAIN ANALYZE of the read model's SQL (lib/dashboard/list-requests.ts):");
    for (const c of cases) {
      const e = await explain(pool, workspaceId, c.query);
      console.log(`  ${c.label}: ${e.exec}${e.usesIndex ? "" : "  ← NOT an index-only path"}`);
      for (const s of e.scans) console.log(`      ${s}`);
    }
    console.log("");
    console.log(`  target p95 ≤ 150 ms: worst p95 ${worstP95.toFixed(1)} ms → ${verdict(worstP95 <= 150)}`);
    log(`done in ${((Date.now() - tAll) / 1000).toFixed(0)} s`);
  } finally {
    await pool.end();
    await server?.stop();
    await bench.drop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
