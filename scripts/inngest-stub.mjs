#!/usr/bin/env node
// A tiny loopback stand-in for the Inngest API, for e2e tests and benchmarks where no Inngest Dev
// Server exists (it cannot be installed offline). Point the app at it with
// INNGEST_DEV=http://127.0.0.1:<port>: `inngest.send` then succeeds in about a millisecond instead
// of failing after 1.7 s of retries. It runs no functions; it only answers and records.
//
//   POST /e/<key>          → { ids: [...], status: 200 }   (one id per event received)
//   POST|PUT /fn/register  → {}
//   GET  /_stub/events     → { count, events: [{ id, name, data, ts, receivedAt }] }  (what it was sent)
//   DELETE /_stub/events   → forgets what it recorded
//   GET  /_stub/health     → { ok: true }
//
// CLI: node scripts/inngest-stub.mjs [--port 8289] [--host 127.0.0.1] [--record reports/inngest-events.json]
import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const MAX_BODY = 10 * 1024 * 1024;

/**
 * @param {{ port?: number, host?: string, recordFile?: string, keepEvents?: boolean }} [options]
 * @returns {Promise<import("./inngest-stub.d.mts").InngestStub>}
 */
export async function startInngestStub({ port = 0, host = "127.0.0.1", recordFile, keepEvents = true } = {}) {
  /** @type {import("./inngest-stub.d.mts").RecordedEvent[]} */
  let events = [];
  let received = 0;
  let registrations = 0;
  let nextId = 1;
  let flushTimer = null;

  const flush = () => {
    flushTimer = null;
    if (recordFile) writeFileSync(recordFile, JSON.stringify({ received, events }, null, 2));
  };
  const scheduleFlush = () => {
    if (recordFile && !flushTimer) flushTimer = setTimeout(flush, 50);
  };

  const json = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stub");
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => {
      if (size > MAX_BODY) return json(res, 413, { error: "body too large" });
      const text = Buffer.concat(chunks).toString("utf8");

      if (req.method === "POST" && url.pathname.startsWith("/e/")) {
        let body;
        try {
          body = text ? JSON.parse(text) : [];
        } catch {
          return json(res, 400, { error: "invalid JSON" });
        }
        const list = Array.isArray(body) ? body : [body];
        const ids = [];
        const now = new Date().toISOString();
        for (const e of list) {
          const id = typeof e?.id === "string" && e.id ? e.id : `stub-${nextId++}`;
          ids.push(id);
          received++;
          if (keepEvents) events.push({ id, name: e?.name, data: e?.data ?? {}, ts: e?.ts ?? null, receivedAt: now });
        }
        scheduleFlush();
        return json(res, 200, { ids, status: 200 });
      }
      if ((req.method === "POST" || req.method === "PUT") && url.pathname.startsWith("/fn/register")) {
        registrations++;
        return json(res, 200, {});
      }
      if (url.pathname === "/_stub/events") {
        if (req.method === "DELETE") {
          events = [];
          received = 0;
          scheduleFlush();
          return json(res, 200, { ok: true });
        }
        return json(res, 200, { count: received, registrations, events });
      }
      if (url.pathname === "/_stub/health") return json(res, 200, { ok: true });
      return json(res, 404, { error: `the Inngest stub does not serve ${req.method} ${url.pathname}` });
    });
  });
  // autocannon-scale bursts: keep sockets alive between the relay's sends.
  server.keepAliveTimeout = 30_000;

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  const stubUrl = `http://${host}:${address.port}`;

  return {
    url: stubUrl,
    port: address.port,
    events: () => events,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        if (flushTimer) {
          clearTimeout(flushTimer);
          flush();
        }
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const stub = await startInngestStub({
    port: Number(arg("port") ?? 8289),
    host: arg("host") ?? "127.0.0.1",
    recordFile: arg("record"),
  });
  console.log(`Inngest stub listening on ${stub.url} (INNGEST_DEV=${stub.url})`);
  const stop = async () => {
    await stub.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
