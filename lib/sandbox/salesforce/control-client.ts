import { z } from "zod";
import type { FaultSettings, FaultSettingsInput } from "../vitally/faults";
import type { SalesforceLogEntry, SalesforceSettings } from "./runtime";
import type { OrgFixture, SeedResult } from "./seed";

/**
 * A typed client for the Salesforce sandbox's control API (`/_sandbox/...`), for Ferry's tests and
 * dashboard. Orgs are named by id or slug. Imports only types from the sandbox.
 */

export interface SalesforceControlClientOptions {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class SalesforceControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "SalesforceControlError";
  }
}

const ZOrg = z.object({ id: z.string(), slug: z.string(), name: z.string(), environment: z.enum(["production", "sandbox"]) });
export type PublicOrg = z.infer<typeof ZOrg>;
const ZApp = z.object({
  clientId: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  scopes: z.array(z.string()),
  requirePkce: z.boolean(),
  rotateRefreshTokens: z.boolean(),
});
const ZUsage = z.object({ used: z.number(), limit: z.number() });
const ZCounted = z.object({ rate: z.number(), next: z.number() });
const ZFaults = z.object({
  latencyMs: z.number(),
  serverErrors: ZCounted.extend({ status: z.number() }),
  rateLimitBurst: z.object({ next: z.number(), retryAfterSeconds: z.number() }),
  timeouts: ZCounted,
  drops: ZCounted,
});
const ZSettings = z.object({ strict: z.boolean(), dailyApiLimit: z.number(), sessionTimeoutMs: z.number(), queryBatchSize: z.number() });
const ZLogEntry = z.object({
  seq: z.number(),
  time: z.string(),
  method: z.string(),
  path: z.string(),
  hostKind: z.enum(["login", "test", "instance"]),
  orgId: z.string().nullable(),
  tokenId: z.string().nullable(),
  status: z.number(),
  durationMs: z.number(),
  outcome: z.enum(["ok", "error", "limit-exceeded", "fault-5xx", "fault-limit", "fault-timeout", "fault-drop"]),
});
const ZSeedResult = z.object({ accounts: z.record(z.string(), z.array(z.string())), contacts: z.record(z.string(), z.string()) });
const ZState = z.object({
  org: ZOrg,
  usage: ZUsage,
  faults: ZFaults,
  objects: z.array(
    z.object({
      name: z.string(),
      custom: z.boolean(),
      keyPrefix: z.string(),
      fields: z.array(z.object({ name: z.string(), type: z.string(), custom: z.boolean(), fls: z.boolean(), externalId: z.boolean(), unique: z.boolean() })),
    }),
  ),
  records: z.record(z.string(), z.array(z.looseObject({ Id: z.string() }))),
});
export type OrgState = z.infer<typeof ZState>;

export class SalesforceControlClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: SalesforceControlClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? fetch;
  }

  private async call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.infer<S>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.options.token) headers["X-Sandbox-Token"] = this.options.token;
    const res = await this.fetchImpl(`${this.baseUrl}/_sandbox${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new SalesforceControlError(res.status, `Control API answered non-JSON: ${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const message = (json as { error?: unknown } | undefined)?.error;
      throw new SalesforceControlError(res.status, typeof message === "string" ? message : `HTTP ${res.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SalesforceControlError(res.status, `Unexpected control API response for ${method} ${path}`);
    return parsed.data;
  }

  private static org(ref: string): string {
    return encodeURIComponent(ref);
  }

  // GET /_sandbox/health
  health() {
    return this.call(z.object({ ok: z.boolean(), strict: z.boolean(), orgs: z.number(), apps: z.number() }), "GET", "/health");
  }

  // PUT /_sandbox/settings
  setSettings(input: Partial<SalesforceSettings>): Promise<SalesforceSettings> {
    return this.call(ZSettings, "PUT", "/settings", input);
  }

  // GET /_sandbox/orgs
  async listOrgs(): Promise<PublicOrg[]> {
    return (await this.call(z.object({ orgs: z.array(ZOrg) }), "GET", "/orgs")).orgs;
  }

  // POST /_sandbox/orgs
  addOrg(input: { slug: string; name: string; environment: "production" | "sandbox"; adminUsername: string }) {
    return this.call(ZOrg.extend({ adminUserId: z.string() }), "POST", "/orgs", input);
  }

  // POST /_sandbox/apps
  addApp(input: { clientId: string; clientSecret: string; name?: string; redirectUris: string[]; scopes?: string[]; requirePkce?: boolean; rotateRefreshTokens?: boolean }) {
    return this.call(ZApp, "POST", "/apps", input);
  }

  // POST /_sandbox/reset
  async reset(orgRef?: string): Promise<void> {
    await this.call(z.object({ reset: z.string() }), "POST", "/reset", orgRef ? { org: orgRef } : {});
  }

  // POST /_sandbox/seed/demo
  seedDemo() {
    return this.call(z.object({ org: ZOrg, sandboxOrg: ZOrg, clientId: z.string(), seeded: ZSeedResult.nullable() }), "POST", "/seed/demo");
  }

  // POST /_sandbox/orgs/:org/seed
  seed(orgRef: string, fixture: OrgFixture): Promise<SeedResult> {
    return this.call(ZSeedResult, "POST", `/orgs/${SalesforceControlClient.org(orgRef)}/seed`, fixture);
  }

  // GET /_sandbox/orgs/:org/state
  state(orgRef: string): Promise<OrgState> {
    return this.call(ZState, "GET", `/orgs/${SalesforceControlClient.org(orgRef)}/state`);
  }

  // POST /_sandbox/orgs/:org/sessions/expire
  async expireSessions(orgRef: string): Promise<number> {
    return (await this.call(z.object({ expired: z.number() }), "POST", `/orgs/${SalesforceControlClient.org(orgRef)}/sessions/expire`)).expired;
  }

  // GET /_sandbox/orgs/:org/api-usage
  apiUsage(orgRef: string) {
    return this.call(ZUsage, "GET", `/orgs/${SalesforceControlClient.org(orgRef)}/api-usage`);
  }

  // PUT /_sandbox/orgs/:org/api-usage (limit null → back to the sandbox default)
  setApiUsage(orgRef: string, input: { limit?: number | null; used?: number }) {
    return this.call(ZUsage, "PUT", `/orgs/${SalesforceControlClient.org(orgRef)}/api-usage`, input);
  }

  // GET /_sandbox/log[?org=&limit=]
  async log(options: { org?: string; limit?: number } = {}): Promise<SalesforceLogEntry[]> {
    const params = new URLSearchParams();
    if (options.org) params.set("org", options.org);
    if (options.limit !== undefined) params.set("limit", String(options.limit));
    const query = params.size ? `?${params}` : "";
    return (await this.call(z.object({ entries: z.array(ZLogEntry) }), "GET", `/log${query}`)).entries;
  }

  // DELETE /_sandbox/log[?org=]
  async clearLog(orgRef?: string): Promise<void> {
    await this.call(z.object({ cleared: z.boolean() }), "DELETE", `/log${orgRef ? `?org=${encodeURIComponent(orgRef)}` : ""}`);
  }

  // PUT /_sandbox/orgs/:org/faults (replaces the org's faults)
  setFaults(orgRef: string, faults: FaultSettingsInput): Promise<FaultSettings> {
    return this.call(ZFaults, "PUT", `/orgs/${SalesforceControlClient.org(orgRef)}/faults`, faults);
  }

  // DELETE /_sandbox/orgs/:org/faults
  clearFaults(orgRef: string): Promise<FaultSettings> {
    return this.call(ZFaults, "DELETE", `/orgs/${SalesforceControlClient.org(orgRef)}/faults`);
  }
}
