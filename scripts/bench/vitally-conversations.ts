/**
 * Vitally conversation sync against the sandbox (its real 1000 calls/minute sliding-window limit):
 *   A. Vitally calls per follow-up message when the sender and the conversation are known (one push
 *      per message, as one `ferry/request.message-added` event makes one push): target ≤ 1.2 on
 *      average. The same in a cold process (empty participant cache) for comparison.
 *   B. A burst of 500 messages across 50 requests arriving while pushes run, pushes handled the way
 *      Inngest runs them (one event per message, concurrency 1 per request, retry after a 429 or an
 *      outage): every message delivered, in order per request, none duplicated, the share of calls
 *      Vitally answered 429, and the wall time.
 *
 *   npx tsx scripts/bench/vitally-conversations.ts [--requests=50] [--messages=10] [--workers=16] [--fault-rate=0]
 *
 * Only the conversation push runs here; the request push (its own benchmark: vitally-sync.ts) would
 * share the key's budget in production.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createBenchDatabase } from "./lib/bench-db";
import { percentile } from "./lib/stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "1"] as const;
  }),
);
const REQUESTS = Number(args.get("requests") ?? 50);
const MESSAGES = Number(args.get("messages") ?? 10);
const WORKERS = Number(args.get("workers") ?? 16);
const FAULT_RATE = Number(args.get("fault-rate") ?? 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function main() {
  const bench = await createBenchDatabase("ferry_bench_conversations", ROOT);
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
  const { createRequest } = await import("@/lib/requests/create-request");
  const { addMessage } = await import("@/lib/requests/add-message");
  const { isExternalApiError } = await import("@/lib/http/external-api-error");
  const { RequestBusyError } = await import("@/lib/sync/request-sync-lease");
  const { usedInWindow } = await import("@/lib/sync/rate-budget");
  const { SandboxControlClient } = await import("@/lib/sandbox/vitally/control-client");
  const { DEMO_ADMINS, DEMO_EMAIL_DOMAINS, DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } = await import("@/lib/sandbox/vitally/seed-demo");
  const { pushConversationToVitally } = await import("@/lib/sync/vitally/conversations/push-conversation-to-vitally");
  const { ParticipantCache } = await import("@/lib/sync/vitally/conversations/participant-cache");
  const { conversationExternalId, messageExternalId, openingMessageExternalId } = await import("@/lib/sync/vitally/conversations/conversation-ids");

  const control = new SandboxControlClient({ baseUrl: sandbox.url });
  const workspace = await db().workspace.create({ data: { slug: "bench", name: "Bench" } });
  const owner = await db().user.create({ data: { email: "bench@ferry.dev", name: "Bench", passwordHash: await hashPassword("bench-password-1") } });
  const integration = await connectVitally(
    { workspaceId: workspace.id, actorUserId: owner.id },
    { apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle, auth: DEMO_KEY, settings: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active } },
  );
  const customers = [
    ...Object.values(DEMO_LINK_CASES),
    ...["jane", "joe"].map((n) => `${n}@${DEMO_EMAIL_DOMAINS.oneAccount}`),
    ...["kim", "lee"].map((n) => `${n}@${DEMO_EMAIL_DOMAINS.severalAccounts}`),
  ];
  const teammate = DEMO_ADMINS.active;

  let seq = 0;
  let clock = Date.now() - 24 * 3_600_000;
  const nextSentAt = () => new Date((clock += 1_000)).toISOString();
  const newRequest = async (email: string) => {
    seq++;
    const { body } = await createRequest({
      workspaceId: workspace.id,
      data: {
        channel: "slack",
        title: `Bench request ${seq}: export times out`,
        messageText: "Hi team, the export keeps timing out. Can you help?",
        requestor: { name: `Customer ${seq}`, email },
        assignee: { name: "Ada Active", email: teammate },
        createdAt: nextSentAt(),
      },
    });
    return body as { id: string };
  };
  const say = async (requestId: string, email: string, i: number) => {
    const team = i % 2 === 1;
    const { body } = await addMessage({
      workspaceId: workspace.id,
      ref: requestId,
      data: {
        thread: "customer",
        author: team ? { type: "team", name: "Ada Active", email: teammate } : { type: "customer", name: "Customer", email },
        text: `${team ? "Team" : "Customer"} message ${i}: ${"details ".repeat(8)}`,
        sentAt: nextSentAt(),
      },
    });
    return body as { id: string };
  };
  const push = (requestId: string, cache?: InstanceType<typeof ParticipantCache>) =>
    pushConversationToVitally({ workspaceId: workspace.id, requestId, integrationId: integration.id, trigger: "bench" }, cache ? { cache } : {});

  // ── A. calls per follow-up, sender and conversation known ────────────────────────────────────
  const warm: number[] = [];
  const cold: number[] = [];
  const createCalls: number[] = [];
  for (let r = 0; r < 20; r++) {
    const email = customers[r % customers.length]!;
    const request = await newRequest(email);
    const created = await push(request.id);
    if (created.status === "synced") createCalls.push(created.calls);
    for (let i = 0; i < 6; i++) {
      await say(request.id, email, i);
      const coldRun = r % 4 === 3; // every fourth request in a "fresh process": nobody remembered
      const out = await push(request.id, coldRun ? new ParticipantCache() : undefined);
      if (out.status !== "synced" || out.sent !== 1) throw new Error(`A: unexpected outcome ${JSON.stringify(out)}`);
      (coldRun ? cold : warm).push(out.calls);
    }
  }
  console.log("A. Vitally calls per push");
  console.log(`   new conversation (first message included): ${avg(createCalls).toFixed(2)} (n=${createCalls.length}, max ${Math.max(...createCalls)})`);
  console.log(`   follow-up, sender and conversation known:  ${avg(warm).toFixed(2)} (n=${warm.length}, max ${Math.max(...warm)})  target ≤ 1.2`);
  console.log(`   follow-up in a cold process (no cache):    ${avg(cold).toFixed(2)} (n=${cold.length}, max ${Math.max(...cold)})`);

  // ── B. a burst of messages across requests ────────────────────────────────────────────────────
  const burstRequests: { id: string; email: string }[] = [];
  for (let r = 0; r < REQUESTS; r++) {
    const email = customers[r % customers.length]!;
    burstRequests.push({ id: (await newRequest(email)).id, email });
  }
  const budgetUsed = await usedInWindow({ budgetKey: integration.budgetKey });
  if (budgetUsed > 300) {
    console.log(`   (waiting for A's ${budgetUsed} calls to leave the sliding minute)`);
    await sleep(61_000);
  }
  await control.clearLog(DEMO_KEY);
  if (FAULT_RATE > 0) await control.setFaults(DEMO_KEY, { serverErrors: { rate: FAULT_RATE, next: 0, status: 503 } });

  // The Inngest side: one job per event; one run at a time per request; retries after the wait asked.
  type Job = { requestId: string; notBefore: number };
  const jobs: Job[] = burstRequests.map((r) => ({ requestId: r.id, notBefore: 0 })); // request.created
  const running = new Set<string>();
  const stats = { runs: 0, noops: 0, retries: 0, rateLimited: 0, busy: 0, errors: [] as string[] };
  let producing = true;
  const started = performance.now();
  /** When runs that sent messages finished (a run that failed midway is counted by the checks below, not here). */
  const deliveredAt: number[] = [];

  const producer = async (slice: typeof burstRequests) => {
    for (let i = 0; i < MESSAGES; i++) {
      for (const r of slice) {
        await say(r.id, r.email, i);
        jobs.push({ requestId: r.id, notBefore: 0 }); // request.message-added → push-requested
      }
    }
  };
  const producers = Array.from({ length: 10 }, (_, p) => producer(burstRequests.filter((_, i) => i % 10 === p)));
  let producedMs = 0;
  void Promise.all(producers).then(() => {
    producing = false;
    producedMs = performance.now() - started;
  });

  const worker = async () => {
    for (;;) {
      const now = performance.now();
      const index = jobs.findIndex((j) => j.notBefore <= now && !running.has(j.requestId));
      if (index < 0) {
        if (!producing && jobs.length === 0) return;
        await sleep(5);
        continue;
      }
      const [job] = jobs.splice(index, 1);
      running.add(job!.requestId);
      stats.runs++;
      try {
        const out = await push(job!.requestId);
        if (out.status === "up_to_date") stats.noops++;
        else if (out.status === "synced" && out.sent > 0) for (let i = 0; i < out.sent; i++) deliveredAt.push(performance.now() - started);
        else if (out.status !== "synced") throw new Error(`unexpected ${JSON.stringify(out)}`);
      } catch (err) {
        if (err instanceof RequestBusyError) {
          stats.busy++;
          jobs.push({ requestId: job!.requestId, notBefore: performance.now() + err.retryAfterMs });
        } else if (isExternalApiError(err) && err.retryable) {
          stats.retries++;
          if (err.kind === "rate_limited") stats.rateLimited++;
          jobs.push({ requestId: job!.requestId, notBefore: performance.now() + Math.min(Math.max(err.retryAfterMs ?? 1_000, 200), 10_000) });
        } else {
          stats.errors.push(String(err));
        }
      } finally {
        running.delete(job!.requestId);
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const wallMs = performance.now() - started;
  await control.clearFaults(DEMO_KEY);

  // ── Checks: delivered, in order, once ─────────────────────────────────────────────────────────
  const state = await control.state(DEMO_KEY);
  const conversations = state.data.conversations ?? [];
  const remoteMessages = (state.data.messages ?? []) as { conversationId: string; externalId: string }[];
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let conversationDuplicates = 0;
  for (const r of burstRequests) {
    const mine = conversations.filter((c) => c.externalId === conversationExternalId(r.id));
    if (mine.length !== 1) conversationDuplicates += Math.max(0, mine.length - 1);
    const inVitally = remoteMessages.filter((m) => mine.some((c) => c.id === m.conversationId)).map((m) => m.externalId); // arrival order
    const inFerry = (
      await db().requestMessage.findMany({ where: { requestId: r.id, thread: "CUSTOMER" }, orderBy: [{ sentAt: "asc" }, { createdAt: "asc" }, { id: "asc" }], select: { id: true } })
    ).map((m) => messageExternalId(m.id));
    const expected = [openingMessageExternalId(r.id), ...inFerry];
    lost += expected.filter((e) => !inVitally.includes(e)).length;
    duplicated += inVitally.length - new Set(inVitally).size;
    if (JSON.stringify(inVitally) !== JSON.stringify(expected)) outOfOrder++;
  }
  const log = await control.log({ key: DEMO_KEY, limit: 100_000 });
  const calls = log.filter((e) => e.path.startsWith("/s/") || e.path.startsWith("/resources"));
  const limited = calls.filter((e) => e.status === 429).length;
  const injected = calls.filter((e) => e.status >= 500).length;
  const total = REQUESTS * MESSAGES;

  console.log(`B. burst: ${total} messages across ${REQUESTS} requests (${WORKERS} workers${FAULT_RATE ? `, ${FAULT_RATE * 100}% injected 503s` : ""})`);
  console.log(`   delivered (checked in Vitally): ${total - lost} of ${total}; lost: ${lost}; duplicated messages: ${duplicated}; duplicated conversations: ${conversationDuplicates}; requests out of order: ${outOfOrder}`);
  console.log(`   wall time: ${(wallMs / 1000).toFixed(1)} s (messages stored in Ferry over the first ${(producedMs / 1000).toFixed(1)} s; last delivery at ${((deliveredAt.at(-1) ?? 0) / 1000).toFixed(1)} s; p50 delivery ${(percentile(deliveredAt, 50) / 1000).toFixed(1)} s after the burst began)`);
  console.log(`   Vitally calls: ${calls.length} (${(calls.length / (total + REQUESTS)).toFixed(2)} per message incl. openings), answered 429: ${limited} (${((100 * limited) / Math.max(1, calls.length)).toFixed(2)}%)  target < 1%${injected ? `, injected 5xx: ${injected}` : ""}`);
  console.log(`   runs: ${stats.runs} (no-ops with 0 calls: ${stats.noops}), busy re-queues: ${stats.busy}, retries: ${stats.retries} (rate limited: ${stats.rateLimited}), errors: ${stats.errors.length}`);
  if (stats.errors.length) console.log(`   first error: ${stats.errors[0]}`);

  await sandbox.close();
  await db().$disconnect();
  await bench.drop();
  if (lost || duplicated || outOfOrder || conversationDuplicates || stats.errors.length) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
