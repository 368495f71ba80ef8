import { z } from "zod";
import type { FaultSettings, FaultSettingsInput } from "./faults";
import type { RequestLogEntry } from "./request-log";
import type { SandboxFixture, SeedResult } from "./seed";
import type { PublicKeyEntry } from "./store";
import type { StrictnessChoice } from "./strictness";
import type {
  AccountRecord,
  CollectionsJson,
  CustomObjectInstanceRecord,
  CustomObjectRecord,
  OrganizationRecord,
} from "./types";

/**
 * A typed client for the sandbox's control API (`/_sandbox/...`), for Ferry's tests and dashboard.
 * Keys are named by keyId or raw value. Imports only types from the sandbox, so it is safe to use
 * from any runtime that has `fetch`.
 */

export interface SandboxControlClientOptions {
  /** The sandbox origin, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** The sandbox's control token, if it has one. */
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "SandboxControlError";
  }
}

export interface SandboxSettingsView {
  strict: boolean;
  defaultRateLimitPerMinute: number;
  strictnessChoices: StrictnessChoice[];
}

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export interface SandboxKeyState {
  key: PublicKeyEntry;
  strict: boolean;
  rateLimit: RateLimitStatus;
  faults: FaultSettings;
  data: CollectionsJson;
}

const ZKey = z.object({
  keyId: z.string(),
  subdomain: z.string(),
  name: z.string(),
  rateLimitPerMinute: z.number().nullable(),
  revoked: z.boolean(),
});
const ZRateLimit = z.object({ limit: z.number(), remaining: z.number(), resetSeconds: z.number() });
const ZCounted = z.object({ rate: z.number(), next: z.number() });
const ZFaults = z.object({
  latencyMs: z.number(),
  serverErrors: ZCounted.extend({ status: z.number() }),
  rateLimitBurst: z.object({ next: z.number(), retryAfterSeconds: z.number() }),
  timeouts: ZCounted,
  drops: ZCounted,
});
const ZRecordWithTraits = z.looseObject({ id: z.string(), createdAt: z.string(), updatedAt: z.string(), traits: z.record(z.string(), z.unknown()) });
const ZRecord = z.looseObject({ id: z.string() });
const ZState = z.object({
  key: ZKey,
  strict: z.boolean(),
  rateLimit: ZRateLimit,
  faults: ZFaults,
  data: z.looseObject({
    organizations: z.array(ZRecordWithTraits),
    accounts: z.array(ZRecordWithTraits),
    customObjects: z.array(z.looseObject({ id: z.string(), name: z.string(), customFields: z.array(ZRecord) })),
    customObjectInstances: z.array(ZRecordWithTraits.extend({ customObjectId: z.string() })),
  }),
});
const ZLogEntry = z.object({
  seq: z.number(),
  time: z.string(),
  method: z.string(),
  path: z.string(),
  host: z.string(),
  hostStyle: z.enum(["subdomain", "path", "shared"]),
  subdomain: z.string().nullable(),
  keyId: z.string().nullable(),
  status: z.number(),
  durationMs: z.number(),
  outcome: z.enum(["ok", "error", "rate-limited", "fault-5xx", "fault-429", "fault-timeout", "fault-drop"]),
});
const ZSeedResult = z.object({
  counts: z.record(z.string(), z.number()),
  ids: z.object({
    organizations: z.record(z.string(), z.string()),
    accounts: z.record(z.string(), z.string()),
    users: z.record(z.string(), z.string()),
    admins: z.record(z.string(), z.string()),
    customObjects: z.record(z.string(), z.string()),
  }),
});

export class SandboxControlClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: SandboxControlClientOptions) {
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
      throw new SandboxControlError(res.status, `Control API answered non-JSON: ${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const message = (json as { error?: unknown } | undefined)?.error;
      throw new SandboxControlError(res.status, typeof message === "string" ? message : `HTTP ${res.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SandboxControlError(res.status, `Unexpected control API response for ${method} ${path}`);
    return parsed.data;
  }

  private static key(ref: string): string {
    return encodeURIComponent(ref);
  }

  // GET /_sandbox/health
  health(): Promise<{ ok: boolean; strict: boolean; keys: number; cpuMs: number }> {
    return this.call(z.object({ ok: z.boolean(), strict: z.boolean(), keys: z.number(), cpuMs: z.number() }), "GET", "/health");
  }

  // GET /_sandbox/settings
  async settings(): Promise<SandboxSettingsView> {
    const choice = z.object({ topic: z.string(), strict: z.string(), lenient: z.string(), reference: z.string() });
    const schema = z.object({ strict: z.boolean(), defaultRateLimitPerMinute: z.number(), strictnessChoices: z.array(choice) });
    return this.call(schema, "GET", "/settings");
  }

  // PUT /_sandbox/settings
  setSettings(input: { strict?: boolean; defaultRateLimitPerMinute?: number }): Promise<{ strict: boolean; defaultRateLimitPerMinute: number }> {
    return this.call(z.object({ strict: z.boolean(), defaultRateLimitPerMinute: z.number() }), "PUT", "/settings", input);
  }

  // GET /_sandbox/keys
  async listKeys(): Promise<PublicKeyEntry[]> {
    return (await this.call(z.object({ keys: z.array(ZKey) }), "GET", "/keys")).keys;
  }

  // POST /_sandbox/keys
  addKey(input: { key: string; subdomain: string; name?: string; rateLimitPerMinute?: number }): Promise<PublicKeyEntry> {
    return this.call(ZKey, "POST", "/keys", input);
  }

  // DELETE /_sandbox/keys/:key
  revokeKey(keyRef: string): Promise<PublicKeyEntry> {
    return this.call(ZKey, "DELETE", `/keys/${SandboxControlClient.key(keyRef)}`);
  }

  // POST /_sandbox/reset
  async reset(keyRef?: string): Promise<void> {
    await this.call(z.object({ reset: z.string() }), "POST", "/reset", keyRef ? { key: keyRef } : {});
  }

  // POST /_sandbox/seed/demo
  seedDemo(): Promise<{ keyId: string; key: string; subdomain: string; seeded: SeedResult | null }> {
    const schema = z.object({ keyId: z.string(), key: z.string(), subdomain: z.string(), seeded: ZSeedResult.nullable() });
    return this.call(schema, "POST", "/seed/demo") as Promise<{ keyId: string; key: string; subdomain: string; seeded: SeedResult | null }>;
  }

  // POST /_sandbox/keys/:key/seed[?replace=true]
  async seed(keyRef: string, fixture: SandboxFixture, options: { replace?: boolean } = {}): Promise<SeedResult> {
    const query = options.replace ? "?replace=true" : "";
    return (await this.call(ZSeedResult, "POST", `/keys/${SandboxControlClient.key(keyRef)}/seed${query}`, fixture)) as SeedResult;
  }

  // GET /_sandbox/keys/:key/state
  async state(keyRef: string): Promise<SandboxKeyState> {
    return (await this.call(ZState, "GET", `/keys/${SandboxControlClient.key(keyRef)}/state`)) as unknown as SandboxKeyState;
  }

  // GET /_sandbox/log[?key=&limit=]
  async log(options: { key?: string; limit?: number } = {}): Promise<RequestLogEntry[]> {
    const params = new URLSearchParams();
    if (options.key) params.set("key", options.key);
    if (options.limit !== undefined) params.set("limit", String(options.limit));
    const query = params.size ? `?${params}` : "";
    return (await this.call(z.object({ entries: z.array(ZLogEntry) }), "GET", `/log${query}`)).entries;
  }

  // DELETE /_sandbox/log[?key=]
  async clearLog(keyRef?: string): Promise<void> {
    const query = keyRef ? `?key=${encodeURIComponent(keyRef)}` : "";
    await this.call(z.object({ cleared: z.boolean() }), "DELETE", `/log${query}`);
  }

  // GET /_sandbox/keys/:key/faults
  faults(keyRef: string): Promise<FaultSettings> {
    return this.call(ZFaults, "GET", `/keys/${SandboxControlClient.key(keyRef)}/faults`);
  }

  // PUT /_sandbox/keys/:key/faults (replaces the key's faults)
  setFaults(keyRef: string, faults: FaultSettingsInput): Promise<FaultSettings> {
    return this.call(ZFaults, "PUT", `/keys/${SandboxControlClient.key(keyRef)}/faults`, faults);
  }

  // DELETE /_sandbox/keys/:key/faults
  clearFaults(keyRef: string): Promise<FaultSettings> {
    return this.call(ZFaults, "DELETE", `/keys/${SandboxControlClient.key(keyRef)}/faults`);
  }

  // GET /_sandbox/keys/:key/rate-limit
  rateLimit(keyRef: string): Promise<RateLimitStatus> {
    return this.call(ZRateLimit, "GET", `/keys/${SandboxControlClient.key(keyRef)}/rate-limit`);
  }

  // PUT /_sandbox/keys/:key/rate-limit (null → back to the sandbox default)
  setRateLimit(keyRef: string, perMinute: number | null): Promise<RateLimitStatus> {
    return this.call(ZRateLimit, "PUT", `/keys/${SandboxControlClient.key(keyRef)}/rate-limit`, { perMinute });
  }

  /** Organizations of a key's workspace with their traits, newest first. */
  async listOrganizations(keyRef: string): Promise<OrganizationRecord[]> {
    return newestFirst((await this.state(keyRef)).data.organizations ?? []);
  }

  /** Accounts of a key's workspace with their traits, newest first. */
  async listAccounts(keyRef: string): Promise<AccountRecord[]> {
    return newestFirst((await this.state(keyRef)).data.accounts ?? []);
  }

  async listCustomObjects(keyRef: string): Promise<CustomObjectRecord[]> {
    return (await this.state(keyRef)).data.customObjects ?? [];
  }

  /** Custom object instances (optionally of one custom object, by id or name) with their traits. */
  async listCustomObjectInstances(keyRef: string, customObject?: string): Promise<CustomObjectInstanceRecord[]> {
    const { data } = await this.state(keyRef);
    const object = customObject ? (data.customObjects ?? []).find((o) => o.id === customObject || o.name === customObject) : undefined;
    if (customObject && !object) return [];
    const instances = (data.customObjectInstances ?? []).filter((i) => !object || i.customObjectId === object.id);
    return newestFirst(instances);
  }
}

function newestFirst<T extends { updatedAt: string }>(records: T[]): T[] {
  return [...records].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
