/**
 * Ingest benchmark (a figure, not a test): `POST /api/v1/requests` against `next start` (production
 * build) on this machine, 200 concurrent connections from autocannon on loopback, for ~20 s after a
 * 30 s warm-up. Prints sustained req/s, p50/p97.5/p99 latency, non-2xx, then checks that every 201 has
 * its request row and its outbox event, how fast the outbox drained to the Inngest stub, and the
 * peak RSS of the `next start` process tree (sampled from /proc every 100 ms).
 * Target: ≥ 400 req/s with p99 ≤ 100 ms.
 *
 *   npx tsx scripts/bench/ingest.ts [--connections 200] [--duration 20] [--warmup 30] [--rate 400] [--workers 2] [--series] [--floor]
 *
 * Closed loop (default, autocannon): 200 connections keep 200 requests in flight, so latency ≈
 * 200 / throughput (Little's law) once the server is saturated: the figure is the maximum throughput.
 * `--rate R` is open loop (lib/open-loop.ts, a lean raw-socket client, so the generator takes as little
 * CPU from the server as it can): R × duration requests arrive at random (Poisson) moments and go out
 * over a pool of up to 200 keep-alive connections; each latency is counted from the moment the
 * request was due, so time spent waiting for a free connection counts too (no coordinated omission).
 * `--series` adds each second's p50/p99/max, to tell a steady queue from a stall. During the load,
 * statements that run over 50 ms are listed with what they waited on (lib/pg-waits.ts). `--floor`
 * then measures the framework's own cost per request (see measureFloor). autocannon's own
 * `overallRate` is not used for this: it lets every connection send its whole per-second quota at the
 * top of each second, so 200 connections at 400 req/s arrive as one burst of 400 every second, which
 * is no traffic a support platform sends and measures the burst's drain time rather than the server.
 *
 * Uses a fresh database (dropped at the end; BENCH_KEEP_DATABASE=1 keeps it) and reuses a current
 * production build in .next (else builds one). Extra env for the server passes through (e.g. LOG_LEVEL).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { startInngestStub } from "../inngest-stub.mjs";
import { createBenchDatabase } from "./lib/bench-db";
import { ensureProductionBuild, startNextServer } from "./lib/next-server";
import { openLoop } from "./lib/open-loop";
import { watchPostgresWaits } from "./lib/pg-waits";
import { machineCpuSplit, mib, sampleRss, treeCpuMs } from "./lib/proc-rss";
import { verdict } from "./lib/stats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const CONNECTIONS = arg("connections", 200);
const DURATION_S = arg("duration", 20);
/**
 * Warm-up before the measured phase. 30 s, not 5: V8 keeps tiering Next's, Prisma's and Ferry's code up
 * for tens of thousands of requests; on the 2-core machine CPU per create fell from ~7 ms in the
 * first 8 s to ~2.5 ms after 40 s, and a long-running server lives in the second regime.
 */
const WARMUP_S = arg("warmup", 30);
/** 0 = closed loop (each connection sends as fast as answers come); > 0 = a fixed total arrival rate (req/s). */
const RATE = arg("rate", 0);
/** `next start` processes sharing the port (scripts/start-cluster.mjs, as `npm run start:cluster` runs them); 1 = plain `next start`. */
const WORKERS = arg("workers", 1);
/** `--floor`: after the checks, the same open loop with a malformed token (401 before any body read or query). */
const FLOOR = process.argv.includes("--floor");
const log = (line: string) => console.log(`[ingest] ${line}`);

const CHANNELS = ["slack", "email", "web", "ms_teams"] as const;
const URGENCIES = ["low", "medium", "high", "urgent"] as const;
const SENTIMENTS = ["positive", "neutral", "negative"] as const;
const PRODUCTS = ["Request Management", "Analytics", "Integrations", "Billing"] as const;
const PEOPLE = [
  { name: "Jane Cooper", email: "jane@acme.example", company: "Acme Inc" },
  { name: "Kim Lindqvist", email: "kim@northwind.example", company: "Northwind Retail" },
  { name: "Mei Lin", email: "mei.lin@lumenanalytics.io", company: "Lumen Analytics" },
  { name: "Web visitor", email: null, company: null },
] as const;
const SUBJECTS = [
  "SSO login fails with invalid SAML response",
  "CSV export missing custom columns",
  "Invoice shows the wrong number of seats",
  "Dashboard takes 20+ seconds to load",
  "Webhook deliveries failing with 401",
] as const;

/** A realistic, varied create body: n selects channel, people, size (0–3 initial messages), custom values. */
export function requestBody(n: number): string {
  const person = PEOPLE[n % PEOPLE.length];
  const messages = Array.from({ length: n % 4 }, (_, i) => ({
    thread: i % 2 === 0 ? "customer" : "internal",
    author: i % 2 === 0 ? { type: "customer", name: person.name, email: person.email } : { type: "team", name: "Priya Raman" },
    text: i % 2 === 0 ? "Any update on this? It is blocking part of the team." : "Triage: same root cause as last week.",
    ...(n % 7 === 0 ? { attachments: [{ name: "screenshot.png", url: "https://files.example.com/s.png", size: 48213 }] } : {}),
  }));
  return JSON.stringify({
    externalId: `bench-${n}`,
    channel: CHANNELS[n % CHANNELS.length],
    title: `${SUBJECTS[n % SUBJECTS.length]} (#${n})`,
    summary: n % 3 === 0 ? null : "Customer reports the problem since this morning; no change on their side.",
    messageText: `Since this morning nobody on our team can do this. Ticket ${n}. ${"Details follow. ".repeat(n % 5)}`,
    urgency: URGENCIES[n % URGENCIES.length],
    sentiment: SENTIMENTS[n % SENTIMENTS.length],
    aiTags: ["login", "sso", "export", "billing"].slice(0, n % 4),
    requestor: { name: person.name, email: person.email, company: person.company, platformId: `U0BENCH${n % 50}` },
    ...(n % 2 === 0 ? { assignee: { name: "Priya Raman", email: "support@ferry.dev" } } : {}),
    customFields: n % 5 === 0 ? {} : { product: PRODUCTS[n % PRODUCTS.length] },
    messages,
  });
}

async function setUpWorkspace(databaseUrl: string) {
  // lib/env reads DATABASE_URL on first use: set it before anything touches lib/db.
  process.env.DATABASE_URL = databaseUrl;
  const [{ db }, { createApiToken }] = await Promise.all([import("@/lib/db"), import("@/lib/api-tokens/create-api-token")]);
  const ws = await db().workspace.create({ data: { slug: "bench", name: "Bench" } });
  const owner = await db().user.create({ data: { email: "bench-owner@ferry.dev", name: "Bench Owner", passwordHash: "x" } });
  await db().membership.create({ data: { workspaceId: ws.id, userId: owner.id, role: "OWNER" } });
  await db().customField.create({
    data: { workspaceId: ws.id, key: "product", name: "Product", kind: "CATEGORY", type: "SELECT", allowedValues: [...PRODUCTS] },
  });
  const { secret } = await createApiToken({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, data: { name: "bench" } });
  await db().$disconnect();
  return { workspaceId: ws.id, token: secret };
}

/** What one load phase measured, whichever generator ran it. */
type LoadResult = {
  durationS: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p97_5: number; p99: number; max: number };
  failures: Map<string, number>;
  next: number;
  /** Open loop only: requests that fell due, over `windowS` seconds, and each one's [due ms, latency ms]. */
  open?: { offered: number; windowS: number; series: [number, number][] };
};

function noteResponse(status: number, body: string, ids: string[] | null, failures: Map<string, number>) {
  if (status === 201) {
    if (ids) ids.push((JSON.parse(body) as { id: string }).id);
    return true;
  }
  const key = `${status} ${body.slice(0, 160)}`;
  failures.set(key, (failures.get(key) ?? 0) + 1);
  return false;
}

/** Closed loop: every connection sends its next request as soon as the answer to the last one came. */
async function closedLoop(url: string, token: string, connections: number, duration: number, startAt: number, ids: string[] | null): Promise<LoadResult> {
  let n = startAt;
  const failures = new Map<string, number>();
  const r = await autocannon({
    url,
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/api/v1/requests",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        setupRequest: (req) => ({ ...req, body: requestBody(n++) }),
        onResponse: (status, body) => void noteResponse(status, body, ids, failures),
      },
    ],
  });
  return {
    durationS: r.duration,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latency: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
    failures,
    next: n,
  };
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);

/** Open loop: `rate × duration` Poisson arrivals over at most `connections` keep-alive sockets (lib/open-loop.ts). */
async function runOpenLoop(base: string, token: string, connections: number, duration: number, startAt: number, ids: string[] | null, rate: number): Promise<LoadResult> {
  const failures = new Map<string, number>();
  let ok = 0;
  let non2xx = 0;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const r = await openLoop({
    url: base,
    connections,
    durationS: duration,
    rate,
    request: (i) => ({ method: "POST", path: "/api/v1/requests", headers, body: requestBody(startAt + i) }),
    onResponse: (res) => {
      if (noteResponse(res.status, res.body, ids, failures)) ok++;
      else non2xx++;
    },
  });
  const sorted = r.series.map(([, latency]) => latency).sort((a, b) => a - b);
  const round = (v: number) => Math.round(v);
  return {
    durationS: r.durationS,
    ok,
    non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latency: { p50: round(pct(sorted, 50)), p97_5: round(pct(sorted, 97.5)), p99: round(pct(sorted, 99)), max: round(sorted.at(-1) ?? 0) },
    failures,
    next: startAt + r.offered,
    open: { offered: r.offered, windowS: duration, series: r.series },
  };
}

function run(url: string, token: string, connections: number, duration: number, startAt: number, ids: string[] | null, rate = 0) {
  return rate > 0 ? runOpenLoop(url, token, connections, duration, startAt, ids, rate) : closedLoop(url, token, connections, duration, startAt, ids);
}

/** Per second of the window: arrivals answered, p50, p99, max (open loop, `--series`). */
function printSeries(series: [number, number][]) {
  const seconds = new Map<number, number[]>();
  for (const [due, latency] of series) {
    const s = Math.floor(due / 1000);
    (seconds.get(s) ?? seconds.set(s, []).get(s)!).push(latency);
  }
  for (const [s, l] of [...seconds].sort((a, b) => a[0] - b[0])) {
    l.sort((a, b) => a - b);
    console.log(`    s${String(s).padStart(3)}  n ${String(l.length).padStart(4)} · p50 ${Math.round(pct(l, 50))} ms · p99 ${Math.round(pct(l, 99))} ms · max ${Math.round(l.at(-1)!)} ms`);
  }
}

/**
 * Prints one phase; returns the sustained rate. Closed loop: 2xx per second of the run. Open loop:
 * the server sustained the offered rate when it answered every arrival with a 2xx and kept pace
 * (its last answer came within a second of the window's end): 2xx over the arrival window then.
 */
function printResult(r: LoadResult, createdCount: number) {
  console.log("");
  let rps = r.ok / r.durationS;
  if (r.open) {
    const { offered, windowS } = r.open;
    const lag = r.durationS - windowS;
    const keptPace = r.ok === offered && lag <= 1;
    if (keptPace) rps = r.ok / windowS;
    console.log(`  offered              ${(offered / windowS).toFixed(0)} req/s: ${offered} requests due at random over ${windowS} s`);
    console.log(
      `  sustained            ${rps.toFixed(0)} req/s (2xx ${r.ok} of ${offered}; last answer ${lag.toFixed(2)} s after the window` +
        `${keptPace ? ": kept pace" : ": fell behind"})`,
    );
  } else {
    console.log(`  sustained            ${rps.toFixed(0)} req/s (2xx ${r.ok} in ${r.durationS.toFixed(1)} s)`);
  }
  console.log(`  latency              p50 ${r.latency.p50} ms · p97.5 ${r.latency.p97_5} ms · p99 ${r.latency.p99} ms · max ${r.latency.max} ms`);
  if (r.open && process.argv.includes("--series")) printSeries(r.open.series);
  console.log(`  non-2xx / errors     ${r.non2xx} / ${r.errors} (timeouts ${r.timeouts})`);
  console.log(`  201 responses        ${createdCount}`);
  return rps;
}

/**
 * The framework's share: the same arrivals, connections and bodies, answered 401 by Ferry's API
 * wrapper before it reads the body, hashes a token or queries anything. What a create costs above
 * this is Ferry's (body, zod, insert, response); this much is Next's routing, request and response
 * objects and Node's HTTP, whatever the route does.
 */
async function measureFloor(url: string, pid: number, rate: number, duration: number) {
  const cpuBefore = treeCpuMs(pid);
  let unauthorized = 0;
  const r = await openLoop({
    url,
    connections: CONNECTIONS,
    durationS: duration,
    rate,
    request: (i) => ({ method: "POST", path: "/api/v1/requests", headers: { authorization: "Bearer not-a-token", "content-type": "application/json" }, body: requestBody(i) }),
    onResponse: (res) => void (res.status === 401 && unauthorized++),
  });
  const cpuMs = treeCpuMs(pid) - cpuBefore;
  const sorted = r.series.map(([, latency]) => latency).sort((a, b) => a - b);
  console.log(
    `  framework floor      ${unauthorized}/${r.offered} answered 401 at ${rate} req/s: server ${(cpuMs / Math.max(1, r.series.length)).toFixed(1)} ms CPU per request` +
      ` (${(cpuMs / r.durationS / 10).toFixed(0)}% of one core); p50 ${Math.round(pct(sorted, 50))} ms · p99 ${Math.round(pct(sorted, 99))} ms`,
  );
}

async function main() {
  const tAll = Date.now();
  ensureProductionBuild(root, log);
  const bench = await createBenchDatabase("ferry_bench_ingest", root);
  log(`database ${bench.name}`);
  const stub = await startInngestStub({ keepEvents: false });
  let server: Awaited<ReturnType<typeof startNextServer>> | null = null;
  const pool = new pg.Pool({ connectionString: bench.databaseUrl, max: 2 });
  try {
    const { workspaceId, token } = await setUpWorkspace(bench.databaseUrl);
    server = await startNextServer({ root, env: { DATABASE_URL: bench.databaseUrl, INNGEST_DEV: stub.url }, workers: WORKERS });
    log(`next start${WORKERS > 1 ? ` ×${WORKERS} (start-cluster)` : ""} pid ${server.pid} at ${server.url}; Inngest stub at ${stub.url}`);
    const rss = sampleRss(server.pid, 100);
    const idle = rss.stop();

    log(`warm-up: ${WARMUP_S} s at ${Math.min(50, CONNECTIONS)} connections`);
    const warm = await run(server.url, token, Math.min(50, CONNECTIONS), WARMUP_S, 0, null);
    const warmCreated = warm.ok;

    log(`load: ${DURATION_S} s at ${CONNECTIONS} connections${RATE > 0 ? `, open loop: Poisson arrivals at ${RATE} req/s` : ""}`);
    const sampler = sampleRss(server.pid, 100);
    const split = machineCpuSplit(server.pid);
    const walBefore = (await pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0]!.lsn;
    const waits = watchPostgresWaits(pool, bench.name);
    const ids: string[] = [];
    const main = await run(server.url, token, CONNECTIONS, DURATION_S, warm.next, ids, RATE);
    const machine = split.stop();
    const cpuMs = machine.serverMs;
    const mem = sampler.stop();
    const slow = await waits.stop();
    // WAL written during the load (the whole cluster's; nothing else writes on the bench machine): what each commit's fsync carries.
    const walBytes = Number(
      (await pool.query<{ bytes: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes", [walBefore])).rows[0]!.bytes,
    );
    const rps = printResult(main, ids.length);
    for (const [k, v] of main.failures) console.log(`    ${v} × ${k}`);
    if (main.failures.size > 0) console.log(`  server stderr (last lines):\n${server.stderr().split("\n").slice(-15).join("\n")}`);

    // Every 201 must have its row and its outbox event (same transaction); and no row may lack its event.
    const rows = await pool.query<{ requests: string; events: string; all_requests: string; all_events: string }>(
      `SELECT (SELECT count(*) FROM "Request" WHERE id = ANY($1::uuid[])) AS requests,
              (SELECT count(*) FROM "OutboxEvent" WHERE name = 'ferry/request.created' AND "aggregateId" = ANY($3::text[])) AS events,
              (SELECT count(*) FROM "Request" WHERE "workspaceId" = $2::uuid) AS all_requests,
              (SELECT count(*) FROM "OutboxEvent" WHERE name = 'ferry/request.created' AND "workspaceId" = $2::uuid) AS all_events`,
      [ids, workspaceId, ids],
    );
    const counts = rows.rows[0] as { requests: string; events: string; all_requests: string; all_events: string };
    const stored =
      Number(counts.requests) === ids.length && Number(counts.events) === ids.length && counts.all_requests === counts.all_events;
    // Requests still in flight when autocannon stopped are committed without their response being counted.
    const inFlight = Number(counts.all_requests) - ids.length - Number(warmCreated);
    console.log(
      `  stored               ${counts.requests}/${ids.length} request rows and ${counts.events}/${ids.length} outbox events for the 201s;` +
        ` workspace ${counts.all_requests} rows / ${counts.all_events} created-events (${inFlight} committed while in flight at the stop)` +
        ` → ${stored ? "every request has its event" : "MISSING ROWS OR EVENTS"}`,
    );

    // How far behind the after-commit relay was, and how long until the stub had everything.
    const t0 = Date.now();
    let pending = -1;
    for (;;) {
      const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "OutboxEvent" WHERE "deliveredAt" IS NULL`);
      pending = Number(r.rows[0]?.n);
      if (pending === 0 || Date.now() - t0 > 60_000) break;
      await new Promise((res) => setTimeout(res, 250));
    }
    console.log(
      `  outbox after load    ${pending === 0 ? `drained ${((Date.now() - t0) / 1000).toFixed(1)} s after the load ended` : `${pending} still undelivered after 60 s`}` +
        ` (stub received ${stub.received()} events)`,
    );
    console.log(
      `  server CPU           ${(cpuMs / 1000).toFixed(1)} s over ${main.durationS.toFixed(1)} s of load` +
        ` = ${(cpuMs / main.durationS / 10).toFixed(0)}% of one core; ${(cpuMs / Math.max(1, ids.length)).toFixed(1)} ms CPU per 201`,
    );
    const perReq = (ms: number) => (ms / Math.max(1, ids.length)).toFixed(1);
    console.log(
      `  machine CPU          per 201: server ${perReq(machine.serverMs)} ms · PostgreSQL ${perReq(machine.postgresMs)} ms ·` +
        ` load generator + Inngest stub ${perReq(machine.generatorMs)} ms · other ${perReq(machine.otherMs)} ms;` +
        ` idle ${(machine.idleMs / 1000).toFixed(1)} of ${((machine.idleMs + machine.serverMs + machine.postgresMs + machine.generatorMs + machine.otherMs) / 1000).toFixed(1)} CPU-s`,
    );
    console.log(
      `  peak RSS             ${mib(mem.peakTotalBytes)} for the next start tree (largest: ${mem.peakLargest.name} ${mib(mem.peakLargest.rssBytes)};` +
        ` idle before load ${mib(idle.peakTotalBytes)}; ${mem.samples} samples)`,
    );
    console.log(
      `  PostgreSQL stalls    ${slow.failed ? `not watched (${slow.failed})` : `${slow.slowStatements} ${slow.slowStatements === 1 ? "statement" : "statements"} ran over ${slow.thresholdMs} ms` +
        (slow.slowStatements ? ` (longest ${slow.maxMs} ms; waiting on ${slow.waits.map(([w, n]) => `${w} ×${n}`).join(", ") || "CPU"})` : "")}`,
    );
    console.log(`  WAL written          ${mib(walBytes)} during the load = ${(walBytes / 1024 / Math.max(1, ids.length)).toFixed(1)} KiB per 201 (includes the outbox relay marking events delivered)`);
    if (FLOOR) await measureFloor(server.url, server.pid, RATE || 400, DURATION_S);
    console.log("");
    const p99 = main.latency.p99;
    console.log(`  target ≥ 400 req/s: ${rps.toFixed(0)} → ${verdict(rps >= 400)} · target p99 ≤ 100 ms: ${p99} ms → ${verdict(p99 <= 100)}`);
    log(`done in ${((Date.now() - tAll) / 1000).toFixed(0)} s`);
    if (!stored || main.non2xx > 0) process.exitCode = 1;
  } finally {
    await pool.end();
    await server?.stop();
    await stub.close();
    await bench.drop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
