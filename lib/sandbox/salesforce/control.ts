import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ZFaultSettingsInput } from "../vitally/faults";
import { readTextBody, sendJson } from "../vitally/http-io";
import { addUser, setUpOrg } from "./org-setup";
import { dailyLimitOf, type SalesforceRuntime } from "./runtime";
import { applyFixture } from "./seed";
import { DEMO_APP, seedDemo } from "./seed-demo";
import type { ConnectedApp, Org } from "./store";
import { STRICTNESS_CHOICES } from "./strictness";

/**
 * The control API under `/_sandbox/...` (no Salesforce auth; `X-Sandbox-Token` when configured):
 * orgs, connected apps, settings, reset, seeding, state, the request log, session expiry, API
 * usage and fault injection. Orgs are named by id or slug. See docs/sandbox-salesforce.md.
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

const ZOrgInput = z.strictObject({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  environment: z.enum(["production", "sandbox"]),
  adminUsername: z.string().min(3),
});
const ZAppInput = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  name: z.string().default("Connected App"),
  redirectUris: z.array(z.url()).min(1),
  scopes: z.array(z.string()).default(["api", "refresh_token", "offline_access", "id"]),
  requirePkce: z.boolean().default(false),
  rotateRefreshTokens: z.boolean().default(false),
});
const ZSettingsInput = z.strictObject({
  strict: z.boolean().optional(),
  dailyApiLimit: z.number().int().min(1).optional(),
  sessionTimeoutMs: z.number().int().min(1).optional(),
  queryBatchSize: z.number().int().min(1).max(2000).optional(),
});
const ZUsageInput = z.strictObject({ limit: z.number().int().min(1).nullable().optional(), used: z.number().int().min(0).optional() });
const ZResetInput = z.strictObject({ org: z.string().optional() }).optional();

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ControlError(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

function orgOf(rt: SalesforceRuntime, ref: string): Org {
  const org = rt.store.findOrg(ref);
  if (!org) throw new ControlError(404, `Unknown org "${ref}"`);
  return org;
}

/** An app as the control API shows it: never the secret. */
function publicApp(app: ConnectedApp) {
  return { clientId: app.clientId, name: app.name, redirectUris: app.redirectUris, scopes: app.scopes, requirePkce: app.requirePkce, rotateRefreshTokens: app.rotateRefreshTokens };
}

function publicOrg(org: Org) {
  return { id: org.id, slug: org.slug, name: org.name, environment: org.environment };
}

function usage(rt: SalesforceRuntime, org: Org) {
  const limit = dailyLimitOf(rt, org.id);
  const { remaining } = rt.usage.peek(org.id, limit);
  return { used: limit - remaining, limit };
}

function orgState(rt: SalesforceRuntime, org: Org) {
  const objects = [...org.objects.values()].map((def) => ({
    name: def.name,
    custom: def.custom,
    keyPrefix: def.keyPrefix,
    fields: [...def.fields.values()].map((f) => ({ name: f.name, type: f.type, custom: f.custom, fls: f.fls, externalId: f.externalId, unique: f.unique })),
  }));
  const records = Object.fromEntries([...org.records].map(([name, table]) => [name, [...table.values()]]));
  return { org: publicOrg(org), usage: usage(rt, org), faults: rt.faults.get(org.id), objects, records };
}

type Handler = (rt: SalesforceRuntime, params: string[], body: unknown, query: URLSearchParams) => { status?: number; body: unknown };

const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [
  { method: "GET", pattern: /^\/health$/, handler: (rt) => ({ body: { ok: true, strict: rt.settings.strict, orgs: rt.store.orgs.size, apps: rt.store.apps.size } }) },
  { method: "GET", pattern: /^\/settings$/, handler: (rt) => ({ body: { ...rt.settings, strictnessChoices: STRICTNESS_CHOICES } }) },
  {
    method: "PUT",
    pattern: /^\/settings$/,
    handler: (rt, _p, body) => {
      const input = parse(ZSettingsInput, body ?? {});
      for (const [k, v] of Object.entries(input)) if (v !== undefined) Object.assign(rt.settings, { [k]: v });
      return { body: { ...rt.settings } };
    },
  },
  { method: "GET", pattern: /^\/orgs$/, handler: (rt) => ({ body: { orgs: [...rt.store.orgs.values()].map(publicOrg) } }) },
  {
    method: "POST",
    pattern: /^\/orgs$/,
    handler: (rt, _p, body) => {
      const input = parse(ZOrgInput, body);
      if (rt.store.findOrg(input.slug)) throw new ControlError(409, `Org "${input.slug}" already exists`);
      const org = rt.store.addOrg(input);
      setUpOrg(org);
      const admin = addUser(org, { username: input.adminUsername, name: "Org Admin" });
      return { status: 201, body: { ...publicOrg(org), adminUserId: admin.Id } };
    },
  },
  { method: "GET", pattern: /^\/apps$/, handler: (rt) => ({ body: { apps: [...rt.store.apps.values()].map(publicApp) } }) },
  {
    method: "POST",
    pattern: /^\/apps$/,
    handler: (rt, _p, body) => ({ status: 201, body: publicApp(rt.store.addApp(parse(ZAppInput, body))) }),
  },
  {
    method: "POST",
    pattern: /^\/reset$/,
    handler: (rt, _p, body) => {
      const input = parse(ZResetInput, body);
      const orgs = input?.org ? [orgOf(rt, input.org)] : [...rt.store.orgs.values()];
      for (const org of orgs) {
        org.reset();
        setUpOrg(org);
        rt.faults.clear(org.id);
        rt.usage.reset(org.id);
        rt.store.resetAuth(org.id);
      }
      if (!input?.org) rt.log.clear();
      return { body: { reset: input?.org ? orgs[0]?.id : "all" } };
    },
  },
  {
    method: "POST",
    pattern: /^\/seed\/demo$/,
    handler: (rt) => {
      const { org, sandboxOrg, seeded } = seedDemo(rt.store);
      return { body: { org: publicOrg(org), sandboxOrg: publicOrg(sandboxOrg), clientId: DEMO_APP.clientId, seeded } };
    },
  },
  {
    method: "POST",
    pattern: /^\/orgs\/([^/]+)\/seed$/,
    handler: (rt, [ref], body) => {
      const org = orgOf(rt, ref ?? "");
      try {
        return { body: applyFixture(org, body ?? {}) };
      } catch (error) {
        if (error instanceof z.ZodError) throw new ControlError(400, `${error.issues[0]?.path.join(".") || "body"}: ${error.issues[0]?.message}`);
        throw error;
      }
    },
  },
  { method: "GET", pattern: /^\/orgs\/([^/]+)\/state$/, handler: (rt, [ref]) => ({ body: orgState(rt, orgOf(rt, ref ?? "")) }) },
  {
    method: "POST",
    pattern: /^\/orgs\/([^/]+)\/sessions\/expire$/,
    handler: (rt, [ref]) => ({ body: { expired: rt.store.expireSessions(orgOf(rt, ref ?? "").id) } }),
  },
  { method: "GET", pattern: /^\/orgs\/([^/]+)\/api-usage$/, handler: (rt, [ref]) => ({ body: usage(rt, orgOf(rt, ref ?? "")) }) },
  {
    method: "PUT",
    pattern: /^\/orgs\/([^/]+)\/api-usage$/,
    handler: (rt, [ref], body) => {
      const org = orgOf(rt, ref ?? "");
      const input = parse(ZUsageInput, body ?? {});
      if (input.limit === null) rt.dailyLimits.delete(org.id);
      else if (input.limit !== undefined) rt.dailyLimits.set(org.id, input.limit);
      if (input.used !== undefined) {
        // The allocation is a rolling window of calls; "used = N" means N calls made just now.
        rt.usage.reset(org.id);
        const limit = dailyLimitOf(rt, org.id);
        for (let i = 0; i < Math.min(input.used, limit); i += 1) rt.usage.consume(org.id, limit);
      }
      return { body: usage(rt, org) };
    },
  },
  {
    method: "GET",
    pattern: /^\/log$/,
    handler: (rt, _p, _b, query) => {
      const ref = query.get("org");
      const rawLimit = query.get("limit");
      const limit = rawLimit ? Math.max(1, Number.parseInt(rawLimit, 10) || 1) : undefined;
      return { body: { entries: rt.log.list({ keyId: ref ? orgOf(rt, ref).id : undefined, limit }) } };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/log$/,
    handler: (rt, _p, _b, query) => {
      const ref = query.get("org");
      rt.log.clear(ref ? orgOf(rt, ref).id : undefined);
      return { body: { cleared: true } };
    },
  },
  { method: "GET", pattern: /^\/orgs\/([^/]+)\/faults$/, handler: (rt, [ref]) => ({ body: rt.faults.get(orgOf(rt, ref ?? "").id) }) },
  {
    method: "PUT",
    pattern: /^\/orgs\/([^/]+)\/faults$/,
    handler: (rt, [ref], body) => ({ body: rt.faults.set(orgOf(rt, ref ?? "").id, parse(ZFaultSettingsInput, body ?? {})) }),
  },
  {
    method: "DELETE",
    pattern: /^\/orgs\/([^/]+)\/faults$/,
    handler: (rt, [ref]) => {
      const org = orgOf(rt, ref ?? "");
      rt.faults.clear(org.id);
      return { body: rt.faults.get(org.id) };
    },
  },
];

export async function handleControl(rt: SalesforceRuntime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    if (rt.controlToken && req.headers["x-sandbox-token"] !== rt.controlToken) throw new ControlError(401, "Missing or wrong X-Sandbox-Token");
    const sub = url.pathname.slice(CONTROL_PREFIX.length) || "/";
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(sub);
      if (!match) continue;
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      const text = await readTextBody(req);
      let body: unknown;
      try {
        body = text.trim() === "" ? undefined : (JSON.parse(text) as unknown);
      } catch {
        throw new ControlError(400, "Request body is not valid JSON");
      }
      const result = route.handler(rt, params, body, url.searchParams);
      sendJson(res, result.status ?? 200, result.body);
      return;
    }
    throw new ControlError(404, `No control endpoint ${req.method} ${url.pathname}`);
  } catch (error) {
    if (error instanceof ControlError) sendJson(res, error.status, { error: error.message });
    else sendJson(res, 500, { error: (error as Error).message });
  }
}
