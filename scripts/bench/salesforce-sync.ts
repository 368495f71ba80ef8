/**
 * Salesforce request sync against the emulator (lib/sandbox/salesforce), over real HTTP, with
 * Ferry connected the real way (OAuth through the emulator's Allow page) and set up by
 * ensureSalesforceSchema:
 *   A. Salesforce calls per push: a new request from a known Contact (the requestor's first
 *      request, and a repeat requestor), a new request from a new email at a known domain (the
 *      Contact is created), an update, and an unchanged push.
 *   B. Sustained pushes per minute for one org: (1) paced as the push function's Inngest throttle
 *      lets runs start (GCRA over its limit/period/burst), (2) unthrottled with N pushes in flight,
 *      which shows what Ferry + the emulator can do. Then every request is checked: none lost,
 *      none duplicated (one Request__c per RequestId__c).
 *
 *   npx tsx scripts/bench/salesforce-sync.ts [--minutes=1] [--concurrency=8]
 *
 * --minutes is the length of each of B's two runs. The emulator's daily API allocation is raised
 * so the daily-limit pause does not cut the run short (the pause has its own tests).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createBenchDatabase } from "./lib/bench-db";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "1"] as const;
  }),
);
const MINUTES = Number(args.get("minutes") ?? 1);
const CONCURRENCY = Number(args.get("concurrency") ?? 8);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const bench = await createBenchDatabase("ferry_bench_salesforce", ROOT);
  process.env.DATABASE_URL = bench.databaseUrl;
  process.env.LOG_LEVEL = "silent";
  process.env.DATABASE_POOL_SIZE = "30";

  const { db } = await import("@/lib/db");
  const { hashPassword } = await import("@/lib/auth/password");
  const { startTestOrg } = await import("@/lib/sync/salesforce/salesforce-test-org");
  const { ensureSalesforceSchema } = await import("@/lib/sync/salesforce/ensure-salesforce-schema");
  const { pushRequestToSalesforce } = await import("@/lib/sync/salesforce/push-request-to-salesforce");
  const { createRequest } = await import("@/lib/requests/create-request");
  const { updateRequest } = await import("@/lib/requests/update-request");
  const { isExternalApiError } = await import("@/lib/http/external-api-error");
  const { RequestBusyError } = await import("@/lib/sync/request-sync-lease");
  const { pushRequestToSalesforce: pushFunction } = await import("@/inngest/functions/push-request-to-salesforce");

  const org = await startTestOrg({ dailyApiLimit: 100_000_000 });
  const workspace = await db().workspace.create({ data: { slug: "bench", name: "Bench" } });
  const user = await db().user.create({ data: { email: "bench@ferry.dev", name: "Bench", passwordHash: await hashPassword("bench-password-1") } });
  await db().membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "OWNER" } });
  const integration = await org.connect({ workspaceId: workspace.id, actorUserId: user.id });
  await ensureSalesforceSchema({ workspaceId: workspace.id, integrationId: integration.id, trigger: "bench" }, { policy: org.policy });

  // The demo org's Contacts (known requestors).
  const known = ["jane.doe@acme-corp.example", "john.roe@acme-corp.example", "hank@globex.example", "mindy@globex.example", "bill@initech-mail.example", "nancy@northwind.example"];
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
  const push = (requestId: string) =>
    pushRequestToSalesforce({ workspaceId: workspace.id, requestId, integrationId: integration.id, trigger: "bench" }, { policy: org.policy });

  // ── A. calls per push ──────────────────────────────────────────────────────────────────────
  const first: number[] = [];
  const repeat: number[] = [];
  const newContact: number[] = [];
  const updates: number[] = [];
  const unchanged: number[] = [];
  const synced: string[] = [];
  const take = (into: number[], out: Awaited<ReturnType<typeof push>>) => {
    if (out.status !== "synced") throw new Error(`unexpected ${JSON.stringify(out)}`);
    into.push(out.calls);
  };
  for (const email of known) {
    const r = await newRequest(email);
    take(first, await push(r.id));
    synced.push(r.id);
  }
  for (let i = 0; i < 30; i++) {
    const r = await newRequest(known[i % known.length]!);
    take(repeat, await push(r.id));
    synced.push(r.id);
  }
  for (let i = 0; i < 10; i++) {
    const r = await newRequest(`new.person.${i}@acme-corp.example`);
    take(newContact, await push(r.id));
  }
  for (const id of synced) {
    await updateRequest({ workspaceId: workspace.id, ref: id, data: { status: "in_progress", assignee: { name: "Ada Support", email: "ada@ferry.dev" } } });
    take(updates, await push(id));
    take(unchanged, await push(id));
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const line = (label: string, xs: number[]) => `   ${label.padEnd(52)} ${avg(xs).toFixed(2)} (n=${xs.length}, min ${Math.min(...xs)}, max ${Math.max(...xs)})`;
  console.log("A. Salesforce calls per push");
  console.log(line("new request, known Contact, requestor's first:", first));
  console.log(line("new request, known Contact, repeat requestor:", repeat));
  console.log(line("new request, new email at a known domain:", newContact));
  console.log(line("update:", updates));
  console.log(line("unchanged (a repeated event):", unchanged));

  // ── B. sustained pushes per minute ─────────────────────────────────────────────────────────
  const throttle = (pushFunction as unknown as { opts: { throttle: { limit: number; period: string; burst?: number } } }).opts.throttle;
  const periodMs = Number.parseInt(throttle.period, 10) * (throttle.period.endsWith("m") ? 60_000 : 1_000);
  let retries = 0;
  const runOne = async (id: string): Promise<void> => {
    for (;;) {
      try {
        const out = await push(id);
        if (out.status !== "synced") throw new Error(`unexpected ${JSON.stringify(out)}`);
        return;
      } catch (err) {
        if (err instanceof RequestBusyError) await sleep(err.retryAfterMs);
        else if (isExternalApiError(err) && err.retryable) {
          retries++;
          await sleep(Math.max(1_000, err.retryAfterMs ?? 1_000));
        } else throw err;
      }
    }
  };

  async function sustained(mode: "throttled" | "unthrottled") {
    const durationMs = MINUTES * 60_000;
    const pool: string[] = [];
    const created: string[] = [];
    let stop = false;
    const producer = (async () => {
      while (!stop) {
        if (pool.length < 200) {
          const r = await newRequest(known[seq % known.length]!);
          pool.push(r.id);
          created.push(r.id);
        } else await sleep(10);
      }
    })();
    while (pool.length < 50) await sleep(10);
    const logBefore = (await org.control.apiUsage(org.slug)).used;
    const completions: number[] = [];
    const started = Date.now();
    const runs: Promise<void>[] = [];
    if (mode === "throttled") {
      const interval = periodMs / throttle.limit;
      const burst = throttle.burst ?? 1;
      let tat = started;
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
        runs.push(runOne(id).then(() => void completions.push(Date.now())));
      }
    } else {
      const worker = async () => {
        while (Date.now() - started < durationMs) {
          const id = pool.shift();
          if (!id) {
            await sleep(2);
            continue;
          }
          await runOne(id);
          completions.push(Date.now());
        }
      };
      runs.push(...Array.from({ length: CONCURRENCY }, worker));
    }
    await Promise.all(runs);
    stop = true;
    await producer;
    const elapsedMin = (Date.now() - started) / 60_000;
    const calls = (await org.control.apiUsage(org.slug)).used - logBefore;
    const attempted = created.filter((id) => !pool.includes(id));
    const pushedIds = new Set(
      (await db().requestSync.findMany({ where: { integrationId: integration.id, state: "SYNCED", requestId: { in: attempted } }, select: { requestId: true } })).map((s) => s.requestId),
    );
    const lost = attempted.filter((id) => !pushedIds.has(id)).length;
    const label = mode === "throttled" ? `paced by the Inngest throttle (${throttle.limit}/${throttle.period}, burst ${throttle.burst ?? 1})` : `unthrottled, ${CONCURRENCY} pushes in flight`;
    console.log(`   ${label}: ${completions.length} pushes in ${elapsedMin.toFixed(2)} min = ${(completions.length / elapsedMin).toFixed(0)}/min; ${calls} Salesforce calls (${(calls / Math.max(1, completions.length)).toFixed(2)}/push); lost ${lost} of ${attempted.length}`);
  }

  console.log(`B. sustained pushes per minute, one org (${MINUTES} min each)`);
  await sustained("throttled");
  await sustained("unthrottled");
  const records = ((await org.control.state(org.slug)).records.Request__c ?? []) as { RequestId__c?: string }[];
  const byId = new Map<string, number>();
  for (const r of records) if (r.RequestId__c) byId.set(r.RequestId__c, (byId.get(r.RequestId__c) ?? 0) + 1);
  console.log(`   Request__c records: ${records.length}; duplicated RequestId__c: ${[...byId.values()].filter((n) => n > 1).length}; retries after a retryable error: ${retries}`);

  await org.close();
  await db().$disconnect();
  await bench.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
