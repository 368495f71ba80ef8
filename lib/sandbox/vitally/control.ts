import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ZFaultSettingsInput } from "./faults";
import { readJsonBody, sendJson } from "./http-io";
import { rateLimitOf, type SandboxRuntime } from "./runtime";
import { SeedError, applyFixture } from "./seed";
import { DEMO_KEY, seedDemo } from "./seed-demo";
import { publicKey, type KeyEntry } from "./store";
import { STRICTNESS_CHOICES } from "./strictness";

/**
 * The control API under `/_sandbox/...`, a path the real API does not have. No Vitally auth; when
 * the sandbox has a control token, requests must send it as `X-Sandbox-Token`. Keys are named in
 * paths by their keyId or their raw value. See docs/sandbox.md for the list of endpoints.
 */

export const CONTROL_PREFIX = "/_sandbox";

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ZKeyInput = z.strictObject({
  key: z.string().min(1),
  subdomain: z.string().min(1),
  name: z.string().optional(),
  rateLimitPerMinute: z.number().int().min(1).optional(),
});
const ZSettingsInput = z.strictObject({
  strict: z.boolean().optional(),
  defaultRateLimitPerMinute: z.number().int().min(1).optional(),
});
const ZRateLimitInput = z.strictObject({ perMinute: z.number().int().min(1).nullable() });
const ZResetInput = z.strictObject({ key: z.string().optional() }).optional();

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ControlError(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

function keyOf(runtime: SandboxRuntime, ref: string): KeyEntry {
  const entry = runtime.store.findKey(ref);
  if (!entry) throw new ControlError(404, `Unknown key "${ref}"`);
  return entry;
}

function rateLimitStatus(runtime: SandboxRuntime, entry: KeyEntry) {
  const { limit, remaining, resetSeconds } = runtime.limiter.peek(entry.keyId, rateLimitOf(runtime, entry));
  return { limit, remaining, resetSeconds };
}

function resetKey(runtime: SandboxRuntime, entry: KeyEntry): void {
  runtime.store.workspaceOf(entry).reset();
  runtime.faults.clear(entry.keyId);
  runtime.limiter.reset(entry.keyId);
}

type Handler = (runtime: SandboxRuntime, params: string[], body: unknown, query: URLSearchParams) => { status?: number; body: unknown };

const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [
  {
    method: "GET",
    pattern: /^\/health$/,
    handler: (rt) => {
      // CPU time lets benchmarks report calls per CPU-second, which holds on a busy machine.
      const cpu = process.cpuUsage();
      return { body: { ok: true, strict: rt.settings.strict, keys: rt.store.keys.size, cpuMs: Math.round((cpu.user + cpu.system) / 1000) } };
    },
  },
  {
    method: "GET",
    pattern: /^\/settings$/,
    handler: (rt) => ({ body: { ...rt.settings, strictnessChoices: STRICTNESS_CHOICES } }),
  },
  {
    method: "PUT",
    pattern: /^\/settings$/,
    handler: (rt, _p, body) => {
      const input = parse(ZSettingsInput, body ?? {});
      if (input.strict !== undefined) rt.settings.strict = input.strict;
      if (input.defaultRateLimitPerMinute !== undefined) rt.settings.defaultRateLimitPerMinute = input.defaultRateLimitPerMinute;
      return { body: { ...rt.settings } };
    },
  },
  {
    method: "GET",
    pattern: /^\/keys$/,
    handler: (rt) => ({ body: { keys: [...rt.store.keys.values()].map(publicKey) } }),
  },
  {
    method: "POST",
    pattern: /^\/keys$/,
    handler: (rt, _p, body) => {
      const input = parse(ZKeyInput, body);
      const existing = rt.store.keys.get(input.key);
      if (existing && existing.subdomain !== input.subdomain.toLowerCase()) {
        throw new ControlError(409, `Key already belongs to workspace "${existing.subdomain}"`);
      }
      try {
        return { status: 201, body: publicKey(rt.store.addKey(input)) };
      } catch (error) {
        throw new ControlError(400, (error as Error).message);
      }
    },
  },
  {
    method: "DELETE",
    pattern: /^\/keys\/([^/]+)$/,
    handler: (rt, [ref]) => {
      const entry = keyOf(rt, ref ?? "");
      entry.revoked = true;
      rt.store.workspaceOf(entry).changed();
      return { body: publicKey(entry) };
    },
  },
  {
    method: "POST",
    pattern: /^\/reset$/,
    handler: (rt, _p, body) => {
      const input = parse(ZResetInput, body);
      if (input?.key) {
        const entry = keyOf(rt, input.key);
        resetKey(rt, entry);
        return { body: { reset: entry.keyId } };
      }
      rt.store.resetAll();
      rt.faults.clear();
      rt.limiter.reset();
      rt.log.clear();
      return { body: { reset: "all" } };
    },
  },
  {
    method: "POST",
    pattern: /^\/seed\/demo$/,
    handler: (rt) => {
      const { key, seeded } = seedDemo(rt.store);
      return { body: { keyId: key.keyId, key: DEMO_KEY, subdomain: key.subdomain, seeded } };
    },
  },
  {
    method: "POST",
    pattern: /^\/keys\/([^/]+)\/seed$/,
    handler: (rt, [ref], body, query) => {
      const entry = keyOf(rt, ref ?? "");
      const ws = rt.store.workspaceOf(entry);
      if (query.get("replace") === "true") ws.reset();
      const backup = ws.toJSON();
      try {
        return { body: applyFixture(ws, body ?? {}) };
      } catch (error) {
        ws.load(backup);
        if (error instanceof SeedError) throw new ControlError(400, error.message);
        throw error;
      }
    },
  },
  {
    method: "GET",
    pattern: /^\/keys\/([^/]+)\/state$/,
    handler: (rt, [ref]) => {
      const entry = keyOf(rt, ref ?? "");
      return {
        body: {
          key: publicKey(entry),
          strict: rt.settings.strict,
          rateLimit: rateLimitStatus(rt, entry),
          faults: rt.faults.get(entry.keyId),
          data: rt.store.workspaceOf(entry).toJSON(),
        },
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/log$/,
    handler: (rt, _p, _b, query) => {
      const ref = query.get("key");
      const keyId = ref ? keyOf(rt, ref).keyId : undefined;
      const rawLimit = query.get("limit");
      const limit = rawLimit ? Math.max(1, Number.parseInt(rawLimit, 10) || 1) : undefined;
      return { body: { entries: rt.log.list({ keyId, limit }) } };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/log$/,
    handler: (rt, _p, _b, query) => {
      const ref = query.get("key");
      rt.log.clear(ref ? keyOf(rt, ref).keyId : undefined);
      return { body: { cleared: true } };
    },
  },
  {
    method: "GET",
    pattern: /^\/keys\/([^/]+)\/faults$/,
    handler: (rt, [ref]) => ({ body: rt.faults.get(keyOf(rt, ref ?? "").keyId) }),
  },
  {
    method: "PUT",
    pattern: /^\/keys\/([^/]+)\/faults$/,
    handler: (rt, [ref], body) => {
      const entry = keyOf(rt, ref ?? "");
      return { body: rt.faults.set(entry.keyId, parse(ZFaultSettingsInput, body ?? {})) };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/keys\/([^/]+)\/faults$/,
    handler: (rt, [ref]) => {
      const entry = keyOf(rt, ref ?? "");
      rt.faults.clear(entry.keyId);
      return { body: rt.faults.get(entry.keyId) };
    },
  },
  {
    method: "GET",
    pattern: /^\/keys\/([^/]+)\/rate-limit$/,
    handler: (rt, [ref]) => ({ body: rateLimitStatus(rt, keyOf(rt, ref ?? "")) }),
  },
  {
    method: "PUT",
    pattern: /^\/keys\/([^/]+)\/rate-limit$/,
    handler: (rt, [ref], body) => {
      const entry = keyOf(rt, ref ?? "");
      entry.rateLimitPerMinute = parse(ZRateLimitInput, body).perMinute;
      rt.store.workspaceOf(entry).changed();
      return { body: rateLimitStatus(rt, entry) };
    },
  },
];

export async function handleControl(runtime: SandboxRuntime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    if (runtime.controlToken && req.headers["x-sandbox-token"] !== runtime.controlToken) {
      throw new ControlError(401, "Missing or wrong X-Sandbox-Token");
    }
    const sub = url.pathname.slice(CONTROL_PREFIX.length) || "/";
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(sub);
      if (!match) continue;
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      let body: unknown;
      try {
        body = await readJsonBody(req);
      } catch {
        throw new ControlError(400, "Request body is not valid JSON");
      }
      const result = route.handler(runtime, params, body, url.searchParams);
      sendJson(res, result.status ?? 200, result.body);
      return;
    }
    throw new ControlError(404, `No control endpoint ${req.method} ${url.pathname}`);
  } catch (error) {
    if (error instanceof ControlError) sendJson(res, error.status, { error: error.message });
    else sendJson(res, 500, { error: (error as Error).message });
  }
}
