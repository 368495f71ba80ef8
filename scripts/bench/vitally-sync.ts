/**
 * Vitally request sync against the sandbox (its real 1000 calls/minute sliding-window limit):
 *   A. Vitally calls per push: a new request (first and repeat requestor) and an update.
 *   B. Time from accepting an update to the instance changing in the sandbox, with the Inngest
 *      functions invoked directly (@inngest/test; no Inngest server here): p50 / p95.
 *   C. Sustained pushes per minute per API key, with pushes started as fast as Ferry's flow control
 *      (the shared per-key call budget, retry-after on 429) allows; then every request is checked:
 *      none lost, none duplicated, and the share of calls Vitally answered 429.
 *
 *   npx tsx scripts/bench/vitally-sync.ts [--minutes=2.5] [--latency-samples=100]
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InngestTestEngine } from "@inngest/test";
import { createBenchDatabase } from "./lib/bench-db";
import { percentile } from "./lib/stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "1"] as const;
  }),
);
const MINUTES = Number(args.get("minutes") ?? 2.5);
const LATENCY_SAMPLES = Number(args.get("latency-samples") ?? 100);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const bench = await createBenchDatabase("ferry_bench_vitally", ROOT);
  process.env.DATABASE_URL = bench.databaseUrl;
  process.env.LOG_LEVEL = "silent";
  process.env.DATABASE_POOL_SIZE = "30";

  const { createVitallySandbox } = await import("@/lib/sandbox/vitally/server");
  const sandbox = await createVitallySandbox({ port: 0, seed: "demo" });
  process.env.VITALLY_SANDBOX_URL = sandbox.url;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();

  const { db } = await import("@/lib/db");
  const { hashPassword } = await import("@/lib/auth/password");
  const { connectVitally } = await import("@/lib/integrations/vitally/connect-vitally");
  const { ensureVitallySchema } = await import("@/lib/sync/vitally/ensure-vitally-schema");
  const { pushRequestToVitally } = await import("@/lib/sync/vitally/push-request-to-vitally");
  const { createRequest } = await import("@/lib/requests/create-request");
  const { updateRequest } = await import("@/lib/requests/update-request");
  const { isExternalApiError } = await import("@/lib/http/external-api-error");
  const { RequestBusyError } = await import("@/lib/sync/request-sync-lease");
  const { SandboxControlClient } = await import("@/lib/sandbox/vitally/control-client");
  const { DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } = await import("@/lib/sandbox/vitally/seed-demo");
  const { fanOutRequestChange } = await import("@/inngest/functions/fan-out-request-change");
  const { pushRequestToVitally: pushFunction } = await import("@/inngest/functions/push-request-to-vitally");

  const control = new SandboxControlClient({ baseUrl: sandbox.url });
  const workspace = await db().workspace.create({ data: { slug: "bench", name: "Bench" } });
  const user = await db().user.create({ data: { email: "bench@ferry.dev", name: "Bench", passwordHash: await hashPassword("bench-password-1") } });
  const integration = await connectVitally(
    { workspaceId: workspace.id, actorUserId: user.id },
    { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: DEMO_KEY },
  );
  await ensureVitallySchema({ workspaceId: workspace.id, integrationId: integration.id, trigger: "bench" });

  const syncable = [DEMO_LINK_CASES.oneOrgOneAccount, DEMO_LINK_CASES.oneOrgNoAccount, DEMO_LINK_CASES.noOrgOneAccount, DEMO_LINK_CASES.manyOrgsOneAccount, DEMO_LINK_CASES.oneOrgManyAccounts];
  let seq = 0;
  const newRequest = async (email: string) => {
    seq++;
    const { body } = await createRequest({
      workspaceId: workspace.id,
      data: {
        channel: (["slack", "email", "web", "ms_teams"] as const)[seq % 4],
        title: `Bench request ${seq}: export times out`,
        summary: "The customer cannot export the quarterly report; the job times out after 30 s.",
        messageText: "Hi team, the export keeps timing out. Can you help?",
        urgency: "high",
        requestor: { name: `Customer ${seq}`, email },
        messages: [{ thread: "customer", author: { type: "customer", name: `Customer ${seq}`, email }, text: "Hi team, the export keeps timing out." }],
      },
    });
    return body as { id: string; number: number };
  };
  const push = (requestId: string) => pushRequestToVitally({ workspaceId: workspace.id, requestId, integrationId: integration.id, trigger: "bench" });

  // ── A. calls per push ──────────────────────────────────────────────────────────────────────
  const firstCalls: number[] = [];
  const repeatCalls: number[] = [];
  const updateCalls: number[] = [];
  const synced: string[] = [];
  for (const email of syncable) {
    const r = await newRequest(email);
    const out = await push(r.id);
    if (out.status === "synced") firstCalls.push(out.calls);
    synced.push(r.id);
  }
  for (let i = 0; i < 45; i++) {
    const r = await newRequest(syncable[i % syncable.length]!);
    const out = await push(r.id);
    if (out.status === "synced") repeatCalls.push(out.calls);
    synced.push(r.id);
  }
  for (const id of synced) {
    await updateRequest({ workspaceId: workspace.id, ref: id, data: { status: "in_progress", assignee: { name: "Ada Support", email: "ada@ferry.dev" } } });
    const out = await push(id);
    if (out.status === "synced") updateCalls.push(out.calls);
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const newAll = [...firstCalls, ...repeatCalls];
  console.log("A. Vitally calls per push");
  console.log(`   new request, requestor's first request: ${avg(firstCalls).toFixed(2)} (n=${firstCalls.length}, max ${Math.max(...firstCalls)})`);
  console.log(`   new request, repeat requestor:           ${avg(repeatCalls).toFixed(2)} (n=${repeatCalls.length}, max ${Math.max(...repeatCalls)})`);
  console.log(`   new request, all:                        ${avg(newAll).toFixed(2)}  target ≤ 3 for a known user`);
  console.log(`   update, unchanged requestor:             ${avg(updateCalls).toFixed(2)} (n=${updateCalls.length})  target ≤ 1.2`);

  // ── B. latency: update accepted → instance changed, functions invoked directly ──────────────
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const id = synced[i % synced.length]!;
    const t0 = performance.now();
    const { request } = (await updateRequest({
      workspaceId: workspace.id,
      ref: id,
      data: { summary: `Latency sample ${i}: still investigating` },
    })) as unknown as { request: { id: string; number: number; version: number } };
    const fan = await new InngestTestEngine({
      function: fanOutRequestChange,
      events: [{ name: "ferry/request.updated", data: { workspaceId: workspace.id, requestId: id, number: request.number, version: request.version, changed: ["summary"] } } as never],
      steps: [{ id: "request-pushes", handler: () => ({ ids: [] }) }],
    }).execute();
    const sent = (fan.ctx.step.sendEvent as unknown as { mock: { calls: [string, { name: string; data: unknown }[]][] } }).mock.calls[0]![1];
    const run = await new InngestTestEngine({ function: pushFunction, events: [sent[0] as never] }).execute();
    if (run.error) throw new Error(`push failed: ${JSON.stringify(run.error)}`);
    latencies.push(performance.now() - t0);
  }
  console.log("B. update accepted → instance changed in the sandbox (functions invoked directly)");
  console.log(`   p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (n=${latencies.length})  target p95 ≤ 500 ms`);

  // ── C. sustained throughput under the real limit ───────────────────────────────────────────
  await sleep(61_000); // let A and B's calls leave the sliding window so C starts from a clean minute
  await control.clearLog(DEMO_KEY);
  const durationMs = MINUTES * 60_000;
  const pool: string[] = [];
  const created: string[] = [];
  let stop = false;
  const producer = (async () => {
    while (!stop) {
      if (pool.length < 200) {
        const r = await newRequest(syncable[seq % syncable.length]!);
        pool.push(r.id);
        created.push(r.id);
      } else await sleep(20);
    }
  })();
  while (pool.length < 100) await sleep(20);
  // Pushes start as Inngest's throttle of the push function would let them (GCRA over its
  // configured limit/period/burst); a run that fails with a retryable error is retried after the
  // time it asks for, outside the throttle, as Inngest does.
  const throttle = (pushFunction as unknown as { opts: { throttle: { limit: number; period: string; burst?: number } } }).opts.throttle;
  const periodMs = Number.parseInt(throttle.period, 10) * (throttle.period.endsWith("m") ? 60_000 : 1_000);
  const interval = periodMs / throttle.limit;
  const burst = throttle.burst ?? 1;
  const completions: number[] = [];
  let waits = 0;
  const started = Date.now();
  let tat = started;
  const run = async (id: string): Promise<void> => {
    for (;;) {
      try {
        const out = await push(id);
        if (out.status !== "synced") throw new Error(`unexpected ${out.status}`);
        completions.push(Date.now());
        return;
      } catch (err) {
        if (err instanceof RequestBusyError) await sleep(err.retryAfterMs);
        else if (isExternalApiError(err) && err.retryable) {
          waits++;
          await sleep(Math.max(1_000, err.retryAfterMs ?? 1_000)); // Inngest retries in whole seconds
        } else throw err;
      }
    }
  };
  const runs: Promise<void>[] = [];
  while (Date.now() - started < durationMs) {
    const now = Date.now();
    if (now < tat - burst * interval) {
      await sleep(Math.max(1, tat - burst * interval - now));
      continue;
    }
    const id = pool.shift();
    if (!id) {
      await sleep(2);
      continue;
    }
    tat = Math.max(tat, now) + interval;
    runs.push(run(id));
  }
  await Promise.all(runs);
  stop = true;
  await producer;
  const elapsedMin = (Date.now() - started) / 60_000;
  // Steady state: skip the first minute's burst (the window starts empty) if the run is long enough.
  const steadyFrom = elapsedMin > 2 ? started + 60_000 : started;
  const steady = completions.filter((t) => t >= steadyFrom).length / ((Date.now() - steadyFrom) / 60_000);
  const log = await control.log({ key: DEMO_KEY, limit: 100_000 });
  const calls = log.filter((e) => e.path.startsWith("/s/") || e.path.startsWith("/resources"));
  const limited = calls.filter((e) => e.status === 429).length;
  const byOperation = new Map<string, number>();
  for (const e of calls) {
    const op = `${e.method} ${e.path.replace(/^\/s\/[^/]+/, "").replace(/\?.*$/, "").replace(/[0-9a-f-]{36}/g, ":id")}`;
    byOperation.set(op, (byOperation.get(op) ?? 0) + 1);
  }

  // Every request pushed exactly once.
  const pushedIds = new Set(
    (await db().requestSync.findMany({ where: { integrationId: integration.id, state: "SYNCED", requestId: { in: created } }, select: { requestId: true } })).map((s) => s.requestId),
  );
  const attempted = created.filter((id) => !pool.includes(id));
  const lost = attempted.filter((id) => !pushedIds.has(id)).length;
  const instances = await control.listCustomObjectInstances(DEMO_KEY);
  const byExternal = new Map<string, number>();
  for (const i of instances) if (i.externalId) byExternal.set(i.externalId, (byExternal.get(i.externalId) ?? 0) + 1);
  const duplicates = [...byExternal.values()].filter((n) => n > 1).length;

  console.log(`C. sustained pushes per key against the sandbox's 1000 calls/minute (${elapsedMin.toFixed(2)} min)`);
  console.log(`   pushes: ${completions.length} total, ${(completions.length / elapsedMin).toFixed(0)}/min overall, ${steady.toFixed(0)}/min steady state  target ≥ 950/min`);
  console.log(`   Vitally calls: ${calls.length}, answered 429: ${limited} (${((100 * limited) / Math.max(1, calls.length)).toFixed(2)}%)  target < 1%`);
  console.log(`   waits on Ferry's own budget or a 429: ${waits}; throttle ${throttle.limit}/${throttle.period} burst ${burst}`);
  console.log(`   calls by operation: ${[...byOperation].map(([k, v]) => `${k} ×${v}`).join(", ")}`);
  console.log(`   lost: ${lost} of ${attempted.length} attempted; duplicated instances: ${duplicates} (instances ${instances.length})`);

  await sandbox.close();
  await db().$disconnect();
  await bench.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
