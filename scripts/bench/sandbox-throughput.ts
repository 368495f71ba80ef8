/**
 * Throughput of the Vitally sandbox: calls per second and latency for a mix of custom object
 * instance calls (GET list, GET by id — `instances/search?id=`, the documented way —, POST create,
 * PUT update with traits), with N concurrent callers over keep-alive connections and the rate
 * limit raised out of the way. The sandbox runs in its own process, as with `npm run sandbox`.
 *
 *   npx tsx scripts/bench/sandbox-throughput.ts [--duration=10] [--concurrency=50] [--seed-instances=500]
 *       [--in-process]   (run the sandbox in this process instead)
 *       [--url=http://127.0.0.1:4010]   (measure an already running sandbox; start it with a high --rate-limit)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { basicAuthHeader } from "@/lib/sandbox/vitally/auth";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { createVitallySandbox } from "@/lib/sandbox/vitally/server";

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "1"] as const;
  }),
);
const DURATION_S = Number(args.get("duration") ?? 10);
const CONCURRENCY = Number(args.get("concurrency") ?? 50);
const SEED_INSTANCES = Number(args.get("seed-instances") ?? 500);
const KEY = "sk_live_bench";
const SUBDOMAIN = "bench";
const RATE_LIMIT = 1_000_000_000;

async function startSandboxProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const external = args.get("url");
  if (external) return { url: external, stop: async () => {} };
  if (args.has("in-process")) {
    const sandbox = await createVitallySandbox({ port: 0, rateLimitPerMinute: RATE_LIMIT });
    return { url: sandbox.url, stop: () => sandbox.close() };
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/sandbox.ts", "--port", "0", "--rate-limit", String(RATE_LIMIT)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`sandbox exited early (${code})`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

type Op = "list" | "get" | "create" | "update";

async function main() {
  const { url, stop } = await startSandboxProcess();
  const control = new SandboxControlClient({ baseUrl: url });
  await control.addKey({ key: KEY, subdomain: SUBDOMAIN });
  const seeded = await control.seed(KEY, {
    accounts: [{ externalId: "bench-acc", name: "Bench account" }],
    customObjects: [{ name: "ferry-requests", label: "Ferry Request", customFields: [{ label: "Status", type: "string" }, { label: "Summary", type: "textarea" }] }],
    customObjectInstances: Array.from({ length: SEED_INSTANCES }, (_, i) => ({
      customObjectId: "ferry-requests",
      name: `Request ${i}`,
      externalId: `seed-${i}`,
      customerId: "bench-acc",
      traits: { "vitally.custom.status": "open" },
    })),
  });
  const objectId = seeded.ids.customObjects["ferry-requests"] as string;
  const accountId = seeded.ids.accounts["bench-acc"] as string;
  const base = `${url}/s/${SUBDOMAIN}/resources/customObjects/${objectId}/instances`;
  const headers = { Authorization: basicAuthHeader(KEY), "Content-Type": "application/json" };
  const list = (await (await fetch(`${base}?limit=100`, { headers })).json()) as { results: Array<{ id: string }> };
  const ids = list.results.map((r) => r.id);

  const ops: Op[] = ["list", "get", "create", "update"];
  const latencies: number[] = [];
  const byOp: Record<Op, number> = { list: 0, get: 0, create: 0, update: 0 };
  let errors = 0;
  let seq = 0;
  // node:http with a keep-alive agent: much less client CPU per call than fetch, so the figure
  // measures the sandbox rather than the load generator.
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(base);
  const send = (method: string, path: string, body?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method,
          path,
          headers: body ? { ...headers, "Content-Length": Buffer.byteLength(body) } : headers,
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const call = (op: Op): Promise<number> => {
    const id = ids[seq % ids.length] as string;
    seq += 1;
    switch (op) {
      case "list":
        return send("GET", `${target.pathname}?limit=25`);
      case "get":
        return send("GET", `${target.pathname}/search?id=${id}`);
      case "create":
        return send(
          "POST",
          target.pathname,
          JSON.stringify({ name: `Bench ${seq}`, externalId: `bench-${seq}`, customerId: accountId, traits: { "vitally.custom.status": "open" } }),
        );
      case "update":
        return send(
          "PUT",
          `${target.pathname}/${id}`,
          JSON.stringify({ traits: { "vitally.custom.status": seq % 2 ? "closed" : "open", "vitally.custom.summary": `update ${seq}` } }),
        );
    }
  };

  // Warm-up: open the keep-alive connections and JIT the paths.
  const warmEnd = performance.now() + 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, w) => {
    for (let i = w; performance.now() < warmEnd; i += 1) await call(ops[i % 4] as Op);
  }));

  const cpuBefore = (await control.health()).cpuMs;
  const started = performance.now();
  const end = started + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; performance.now() < end; i += 1) {
        const op = ops[i % 4] as Op;
        const t0 = performance.now();
        const status = await call(op);
        latencies.push(performance.now() - t0);
        byOp[op] += 1;
        if (status !== 200) errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const serverCpuS = ((await control.health()).cpuMs - cpuBefore) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const total = latencies.length;
  console.log(
    [
      `Vitally sandbox throughput (${args.has("in-process") ? "in-process" : "separate process"}, ${CONCURRENCY} concurrent keep-alive callers, ${DURATION_S}s, ${SEED_INSTANCES} seeded instances)`,
      `  calls:      ${total} (list ${byOp.list}, get ${byOp.get}, create ${byOp.create}, update ${byOp.update}), non-200: ${errors}`,
      `  calls/s:    ${Math.round(total / elapsed)}`,
      `  latency ms: p50 ${pct(50).toFixed(1)}  p90 ${pct(90).toFixed(1)}  p99 ${pct(99).toFixed(1)}  max ${(latencies.at(-1) ?? 0).toFixed(1)}`,
      // On a shared machine the wall-clock figure depends on other load; this one does not.
      `  sandbox CPU: ${serverCpuS.toFixed(1)}s → ${Math.round(total / Math.max(serverCpuS, 0.001))} calls per CPU-second`,
      `  machine:    ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`,
    ].join("\n"),
  );
  agent.destroy();
  await stop();
  if (errors > 0) process.exitCode = 1;
}

await main();
