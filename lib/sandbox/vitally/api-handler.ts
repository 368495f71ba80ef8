import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { authenticate } from "./auth";
import { SandboxHttpError } from "./errors";
import { resolveTarget, type ResolvedTarget } from "./host";
import { readJsonBody, sendJson } from "./http-io";
import { rateLimitHeaders } from "./rate-limit";
import type { LogOutcome } from "./request-log";
import type { Router } from "./router";
import { rateLimitOf, type SandboxRuntime } from "./runtime";
import type { KeyEntry } from "./store";

/**
 * One request to the emulated REST API: host → subdomain, auth, injected faults, the sliding
 * rate limit, then the resource route. Every answer carries the RateLimit-* headers (reference §5)
 * and is logged (without the raw key).
 */

export const UNKNOWN_SUBDOMAIN_BODY = { error: "Unknown subdomain" } as const;
const NOT_FOUND_BODY = { message: "Not found" } as const;
const TOO_MANY_BODY = { error: "Too many requests" } as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function handleApi(runtime: SandboxRuntime, router: Router, req: IncomingMessage, res: ServerResponse, url: URL) {
  const started = performance.now();
  const target: ResolvedTarget = resolveTarget(req.headers.host, url.pathname);
  const method = req.method ?? "GET";
  let key: KeyEntry | null = null;
  let headers: Record<string, string> = rateLimitHeaders({
    limit: runtime.settings.defaultRateLimitPerMinute,
    remaining: runtime.settings.defaultRateLimitPerMinute,
    resetSeconds: 0,
  });

  const log = (status: number, outcome: LogOutcome) => {
    runtime.log.add({
      time: new Date().toISOString(),
      method,
      path: url.pathname + url.search,
      host: target.host,
      hostStyle: target.style,
      subdomain: target.subdomain,
      keyId: key?.keyId ?? null,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      outcome,
    });
  };
  const reply = (status: number, body: unknown, outcome: LogOutcome, extra: Record<string, string> = {}) => {
    sendJson(res, status, body, { ...headers, ...extra });
    log(status, outcome);
  };

  try {
    const path = target.apiPath;
    if (path !== "/resources" && !path.startsWith("/resources/")) {
      return reply(404, NOT_FOUND_BODY, "error");
    }
    if (target.subdomain && !runtime.store.hasSubdomain(target.subdomain)) {
      return reply(404, UNKNOWN_SUBDOMAIN_BODY, "error");
    }
    key = authenticate(req.headers.authorization, runtime.store, runtime.settings.strict);
    if (target.subdomain && target.subdomain !== key.subdomain) {
      // A key used on another workspace's host fails like a host that does not exist.
      return reply(404, UNKNOWN_SUBDOMAIN_BODY, "error");
    }
    const limit = rateLimitOf(runtime, key);

    const latency = runtime.faults.latencyMs(key.keyId);
    if (latency > 0) await sleep(latency);

    const burstRetryAfter = runtime.faults.takeRateLimitBurst(key.keyId);
    if (burstRetryAfter !== null) {
      headers = rateLimitHeaders({ limit, remaining: 0, resetSeconds: burstRetryAfter });
      return reply(429, TOO_MANY_BODY, "fault-429", { "Retry-After": String(burstRetryAfter) });
    }
    const decision = runtime.limiter.consume(key.keyId, limit);
    headers = rateLimitHeaders(decision);
    if (!decision.allowed) {
      return reply(429, TOO_MANY_BODY, "rate-limited", { "Retry-After": String(Math.max(1, decision.resetSeconds)) });
    }

    const failure = runtime.faults.takeFailure(key.keyId);
    if (failure?.kind === "drop") {
      req.socket.destroy();
      log(0, "fault-drop");
      return;
    }
    if (failure?.kind === "timeout") {
      // Never answer; the client gives up (or the sandbox closes the socket on shutdown).
      res.on("close", () => log(0, "fault-timeout"));
      return;
    }
    if (failure?.kind === "server-error") {
      return reply(failure.status, { message: "Internal server error (injected by the Vitally sandbox)" }, "fault-5xx");
    }

    const body = method === "POST" || method === "PUT" ? await readJsonBody(req) : undefined;
    const match = router.match(method, path.slice("/resources".length));
    if (!match) return reply(404, NOT_FOUND_BODY, "error");
    const ws = runtime.store.workspaceOf(key);
    const result = match.def.handler({ ws, params: match.params, query: url.searchParams, body, strict: runtime.settings.strict });
    if (method !== "GET") ws.changed();
    return reply(result.status, result.body, result.status < 400 ? "ok" : "error");
  } catch (error) {
    if (error instanceof SandboxHttpError) return reply(error.status, error.body, "error");
    return reply(500, { message: (error as Error).message || "Internal error" }, "error");
  }
}
