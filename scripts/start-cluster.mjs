#!/usr/bin/env node
/**
 * `next start` once per CPU core (or WEB_CONCURRENCY times), sharing one port through node:cluster:
 * the primary accepts connections and hands them to the workers in turn. Each worker is an
 * unchanged `next start` process (same flags), so one Node event loop no longer caps a multi-core
 * host. A worker that dies is replaced, unless workers keep dying right after starting (then the
 * primary stops with an error instead of looping). SIGTERM / SIGINT stop the workers gracefully.
 *
 *   npm run start:cluster -- -p 3000 [-H 0.0.0.0]      WEB_CONCURRENCY=2 to pick the count
 *
 * Everything per-process in Ferry is safe to run several times: the outbox relay takes a
 * PostgreSQL advisory lock, the Vitally call budget lives in PostgreSQL, and sessions are JWTs.
 */
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const count = Math.max(1, Number.parseInt(process.env.WEB_CONCURRENCY ?? "", 10) || availableParallelism());
const EARLY_EXIT_MS = 10_000;
const MAX_EARLY_EXITS = 5;

let stopping = false;
let earlyExits = 0;
const startedAt = new Map();

function fork() {
  const worker = cluster.fork();
  startedAt.set(worker.id, Date.now());
}

// The same V8 flag as `npm start` (see README, "Deploying").
cluster.setupPrimary({
  exec: path.join(root, "node_modules/next/dist/bin/next"),
  args: ["start", ...process.argv.slice(2)],
  execArgv: [...process.execArgv, "--max-semi-space-size=32"],
});
console.log(`[start-cluster] starting ${count} × next start ${process.argv.slice(2).join(" ")}`.trimEnd());
for (let i = 0; i < count; i++) fork();

cluster.on("exit", (worker, code, signal) => {
  const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
  startedAt.delete(worker.id);
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    return;
  }
  if (lived < EARLY_EXIT_MS && ++earlyExits >= MAX_EARLY_EXITS) {
    console.error(`[start-cluster] workers keep exiting right after start (last: ${signal ?? `code ${code}`}); giving up`);
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    process.exitCode = 1;
    return;
  }
  console.error(`[start-cluster] worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
  fork();
});

for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(0);
    for (const w of alive) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
