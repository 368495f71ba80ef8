import { z } from "zod";
import {
  bodySnippet,
  classify,
  ExternalApiError,
  headerValue,
  isExternalApiError,
  type ExternalApiErrorKind,
} from "@/lib/http/external-api-error";
import { outboundFetch, type FetchFn } from "@/lib/http/outbound-fetch";
import { basicAuthHeader } from "./connection";
import {
  ZListOf,
  ZPage,
  ZVitallyAccount,
  ZVitallyAdmin,
  ZVitallyConversation,
  ZVitallyCustomField,
  ZVitallyCustomObject,
  ZVitallyInstance,
  ZVitallyMessage,
  ZVitallyNote,
  ZVitallyOrganization,
  ZVitallyUser,
  type Page,
  type VitallyAccount,
  type VitallyAdmin,
  type VitallyConversation,
  type VitallyCustomField,
  type VitallyCustomObject,
  type VitallyInstance,
  type VitallyMessage,
  type VitallyNote,
  type VitallyOrganization,
  type VitallyUser,
} from "./schemas";

/**
 * Vitally's REST API (reference: /work/shared/docs/vitally-api.md, "§" below). One method per
 * endpoint Ferry uses; every answer is parsed with zod and an answer that does not parse is an
 * `invalid_response` ExternalApiError. The client never reads the environment and never retries:
 * durable retries belong to Inngest, which reads `kind` and `retryAfterMs` of the error.
 *
 * The base URL must have passed `checkVitallyBaseUrl` (connection.ts) before it gets here.
 */

export const VITALLY_VENDOR = "vitally";
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface VitallyRateLimit {
  limit: number | null;
  remaining: number | null;
  /** Seconds until the window frees a slot (§5). */
  resetSeconds: number | null;
}

/** What the sync log records of each call: never the key, never a body. */
export interface VitallyCall {
  operation: string;
  method: string;
  /** Path and query below the base URL, e.g. `/resources/users/search?email=jane%40acme.com`. */
  path: string;
  status: number | null;
  durationMs: number;
  kind?: ExternalApiErrorKind;
  rateLimit: VitallyRateLimit | null;
}

export interface VitallyClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: FetchFn;
  timeoutMs?: number;
  onCall?: (call: VitallyCall) => void;
  /**
   * Awaited before every call (Ferry's shared per-key rate budget). Throwing an ExternalApiError
   * (e.g. kind rate_limited with retryAfterMs) aborts the call before anything is sent.
   */
  beforeCall?: (call: { operation: string; method: string; path: string }) => Promise<void>;
  now?: () => number;
}

export interface PageQuery {
  limit?: number;
  from?: string | null;
  sortBy?: "createdAt" | "updatedAt";
}

export type UserSearch = { email: string } | { externalId: string } | { emailSubdomain: string };

export type InstanceSearch =
  | { id: string }
  | { externalId: string }
  | { customerId: string }
  | { organizationId: string }
  | { customFieldId: string; customFieldValue: string };

export type Traits = Record<string, unknown>;

export interface CreateUserInput {
  externalId: string;
  name?: string | null;
  email?: string | null;
  /** Vitally ids; at least one of accountIds / organizationIds is required (§8.3). */
  accountIds?: string[];
  organizationIds?: string[];
  avatar?: string | null;
  joinDate?: string | null;
  unsubscribedFromConversations?: boolean;
  traits?: Traits;
}
export type UpdateUserInput = Partial<Omit<CreateUserInput, "externalId">>;

export type CustomFieldType = "string" | "textarea" | "number" | "datetime" | "boolean" | "date";
export interface CustomFieldDefinitionInput {
  label: string;
  type: CustomFieldType;
}
export type WriteMode = "writable" | "writableByAll" | "readonly";
export interface CreateCustomObjectInput {
  name: string;
  label: string;
  writeMode: WriteMode;
  customFields?: CustomFieldDefinitionInput[];
}
export type UpdateCustomObjectInput = Partial<CreateCustomObjectInput>;

export interface CreateInstanceInput {
  name: string;
  externalId?: string | null;
  /** The Vitally account id (§8.12 calls the account "customer"). */
  customerId?: string | null;
  organizationId?: string | null;
  ownedByVitallyUserId?: string | null;
  /** Keyed by the custom object's field paths. */
  traits?: Traits;
}
/** Traits merge; a trait set to `null` is deleted; omitted traits stay (§3.2). */
export type UpdateInstanceInput = Partial<Omit<CreateInstanceInput, "externalId">> & { externalId?: string | null };

export type CustomFieldModel =
  | "users"
  | "accounts"
  | "organizations"
  | "customObjects"
  | "tasks"
  | "notes"
  | "projects"
  | "conversations"
  | "team";

export interface Participant {
  type: "admin" | "user";
  /** Vitally id of the admin or user, not an externalId (§8.6). */
  id: string;
}
export interface MessageInput {
  externalId: string;
  /** HTML (§3.3). */
  message: string;
  from: Participant;
  to: Participant[];
  cc?: Participant[];
  bcc?: Participant[];
  timestamp?: string;
}
export interface CreateConversationInput {
  externalId?: string;
  subject?: string;
  messages?: MessageInput[];
  traits?: Traits;
}
export interface CreateNoteInput {
  externalId?: string;
  /** HTML (§3.3). */
  note: string;
  noteDate: string;
  accountId?: string;
  organizationId?: string;
  subject?: string;
  authorId?: string | null;
  categoryId?: string | null;
  tags?: string[];
  traits?: Traits;
}

type Query = Record<string, string | number | boolean | null | undefined>;

interface CallSpec<S extends z.ZodType> {
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Query;
  body?: unknown;
  schema: S;
  /** Runs after `beforeCall` let the call through, right before it is sent (see createInstance). */
  beforeSend?: () => Promise<void>;
}

function parseRateLimitNumber(value: string | undefined): number | null {
  const first = value?.split(",")[0]?.trim();
  if (!first || !/^\d+(\.\d+)?$/.test(first)) return null;
  return Number(first);
}

/** `RateLimit-*` (§5; Limit is "1000, 1000;window=60"), else the `X-RateLimit-*` variant. */
export function parseRateLimit(headers: Headers, nowMs: number = Date.now()): VitallyRateLimit | null {
  const read = (name: string) =>
    parseRateLimitNumber(headerValue(headers, `ratelimit-${name}`) ?? headerValue(headers, `x-ratelimit-${name}`));
  const limit = read("limit");
  const remaining = read("remaining");
  let resetSeconds = read("reset");
  if (resetSeconds !== null && resetSeconds > 1e9) resetSeconds = Math.max(0, Math.ceil(resetSeconds - nowMs / 1000));
  if (limit === null && remaining === null && resetSeconds === null) return null;
  return { limit, remaining, resetSeconds };
}

function encodeId(id: string): string {
  if (id === "") throw new Error("A Vitally id must not be empty.");
  return encodeURIComponent(id);
}

function onlyOne<T extends object>(criteria: T, what: string): [string, string][] {
  const entries = Object.entries(criteria).filter(([, v]) => v !== undefined && v !== null && v !== "") as [string, string][];
  if (entries.length === 0) throw new Error(`${what}: give one search criterion.`);
  return entries;
}

function vendorMessage(bodyText: string): string | null {
  try {
    const parsed = JSON.parse(bodyText) as { message?: unknown; error?: unknown };
    const text = parsed?.message ?? parsed?.error;
    return typeof text === "string" ? text : null;
  } catch {
    return null;
  }
}

export class VitallyClient {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly secrets: string[];
  private readonly fetchFn?: FetchFn;
  private readonly timeoutMs: number;
  private readonly onCall?: (call: VitallyCall) => void;
  private readonly beforeCall?: VitallyClientOptions["beforeCall"];
  private readonly now: () => number;
  /** Rate-limit figures of the latest answer that carried them. */
  lastRateLimit: VitallyRateLimit | null = null;

  constructor(options: VitallyClientOptions) {
    if (!options.apiKey) throw new Error("VitallyClient needs an API key.");
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.authorization = basicAuthHeader(options.apiKey);
    this.secrets = [options.apiKey, this.authorization.slice("Basic ".length)];
    this.fetchFn = options.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.onCall = options.onCall;
    this.beforeCall = options.beforeCall;
    this.now = options.now ?? Date.now;
  }

  private pathWithQuery(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
    }
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  }

  private invalidResponse(spec: CallSpec<z.ZodType>, status: number, message: string, bodyText: string): ExternalApiError {
    return new ExternalApiError({
      vendor: VITALLY_VENDOR,
      operation: spec.operation,
      kind: "invalid_response",
      status,
      message: `Vitally ${spec.method} ${spec.path}: ${message}`,
      bodySnippet: bodySnippet(bodyText, this.secrets),
    });
  }

  private async call<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.output<S>> {
    const relative = this.pathWithQuery(spec.path, spec.query);
    const started = performance.now();
    const record = (status: number | null, kind?: ExternalApiErrorKind, rateLimit: VitallyRateLimit | null = null) =>
      this.onCall?.({
        operation: spec.operation,
        method: spec.method,
        path: relative,
        status,
        durationMs: Math.round(performance.now() - started),
        ...(kind ? { kind } : {}),
        rateLimit,
      });

    if (this.beforeCall) await this.beforeCall({ operation: spec.operation, method: spec.method, path: relative });
    if (spec.beforeSend) await spec.beforeSend();
    let res;
    try {
      res = await outboundFetch(
        {
          url: `${this.baseUrl}${relative}`,
          method: spec.method,
          headers: {
            authorization: this.authorization,
            accept: "application/json",
            "user-agent": "Ferry (request sync)",
            ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        },
        { vendor: VITALLY_VENDOR, operation: spec.operation, timeoutMs: this.timeoutMs, fetch: this.fetchFn },
      );
    } catch (err) {
      record(null, isExternalApiError(err) ? err.kind : "network");
      throw err;
    }

    const rateLimit = parseRateLimit(res.headers, this.now());
    if (rateLimit) this.lastRateLimit = rateLimit;

    if (res.status < 200 || res.status > 299) {
      const { kind, retryAfterMs } = classify({ status: res.status, headers: res.headers, nowMs: this.now() });
      record(res.status, kind, rateLimit);
      const said = vendorMessage(res.bodyText);
      const why =
        res.status >= 300 && res.status < 400
          ? `redirected (${res.status}); Ferry does not follow redirects`
          : `answered ${res.status}${said ? `: ${bodySnippet(said, this.secrets)}` : ""}`;
      throw new ExternalApiError({
        vendor: VITALLY_VENDOR,
        operation: spec.operation,
        kind,
        status: res.status,
        retryAfterMs,
        message: `Vitally ${spec.method} ${spec.path} ${why}`,
        bodySnippet: bodySnippet(res.bodyText, this.secrets),
      });
    }

    let json: unknown = null;
    if (res.bodyText.trim() !== "") {
      try {
        json = JSON.parse(res.bodyText);
      } catch {
        record(res.status, "invalid_response", rateLimit);
        throw this.invalidResponse(spec, res.status, "the answer is not JSON (is this a Vitally API URL?)", res.bodyText);
      }
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      record(res.status, "invalid_response", rateLimit);
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`)
        .join("; ");
      throw this.invalidResponse(spec, res.status, `unexpected answer shape (${issues})`, res.bodyText);
    }
    record(res.status, undefined, rateLimit);
    return parsed.data;
  }

  // ─── Credentials ──────────────────────────────────────────────────────────────────────────

  /** GET /resources/accounts?limit=1 — the cheapest authenticated call (§2.1). */
  async checkCredentials(): Promise<{ rateLimit: VitallyRateLimit | null }> {
    await this.call({
      operation: "credentials.check",
      method: "GET",
      path: "/resources/accounts",
      query: { limit: 1 },
      schema: ZPage(ZVitallyAccount),
    });
    return { rateLimit: this.lastRateLimit };
  }

  // ─── Accounts (§8.2) ──────────────────────────────────────────────────────────────────────

  /** GET /resources/accounts/:id — Vitally id or externalId. */
  getAccount(id: string): Promise<VitallyAccount> {
    return this.call({ operation: "accounts.get", method: "GET", path: `/resources/accounts/${encodeId(id)}`, schema: ZVitallyAccount });
  }

  /** GET /resources/accounts — `status` defaults to active on Vitally's side. */
  listAccounts(query: PageQuery & { status?: "active" | "churned" | "activeOrChurned" } = {}): Promise<Page<VitallyAccount>> {
    return this.call({ operation: "accounts.list", method: "GET", path: "/resources/accounts", query: { ...query }, schema: ZPage(ZVitallyAccount) });
  }

  /** GET /resources/accounts/:id/users */
  listAccountUsers(accountId: string, query: PageQuery = {}): Promise<Page<VitallyUser>> {
    return this.call({
      operation: "accounts.listUsers",
      method: "GET",
      path: `/resources/accounts/${encodeId(accountId)}/users`,
      query: { ...query },
      schema: ZPage(ZVitallyUser),
    });
  }

  // ─── Organizations (§8.1) ─────────────────────────────────────────────────────────────────

  /** GET /resources/organizations/:id — Vitally id or externalId. */
  getOrganization(id: string): Promise<VitallyOrganization> {
    return this.call({
      operation: "organizations.get",
      method: "GET",
      path: `/resources/organizations/${encodeId(id)}`,
      schema: ZVitallyOrganization,
    });
  }

  /** GET /resources/organizations */
  listOrganizations(query: PageQuery = {}): Promise<Page<VitallyOrganization>> {
    return this.call({
      operation: "organizations.list",
      method: "GET",
      path: "/resources/organizations",
      query: { ...query },
      schema: ZPage(ZVitallyOrganization),
    });
  }

  /** GET /resources/organizations/:id/accounts */
  listOrganizationAccounts(organizationId: string, query: PageQuery = {}): Promise<Page<VitallyAccount>> {
    return this.call({
      operation: "organizations.listAccounts",
      method: "GET",
      path: `/resources/organizations/${encodeId(organizationId)}/accounts`,
      query: { ...query },
      schema: ZPage(ZVitallyAccount),
    });
  }

  /** GET /resources/organizations/:id/users */
  listOrganizationUsers(organizationId: string, query: PageQuery = {}): Promise<Page<VitallyUser>> {
    return this.call({
      operation: "organizations.listUsers",
      method: "GET",
      path: `/resources/organizations/${encodeId(organizationId)}/users`,
      query: { ...query },
      schema: ZPage(ZVitallyUser),
    });
  }

  // ─── Users (§8.3) ─────────────────────────────────────────────────────────────────────────

  /**
   * GET /resources/users/search?email= | externalId= | emailSubdomain= — exactly one criterion;
   * answers `{ results }` (a bare array is tolerated). Matching may be exact and case-sensitive.
   */
  searchUsers(criterion: UserSearch): Promise<VitallyUser[]> {
    const entries = onlyOne(criterion, "searchUsers");
    if (entries.length !== 1) throw new Error("searchUsers: give exactly one of email, externalId, emailSubdomain.");
    return this.call({
      operation: "users.search",
      method: "GET",
      path: "/resources/users/search",
      query: Object.fromEntries(entries),
      schema: ZListOf(ZVitallyUser),
    });
  }

  /** GET /resources/users/:id — Vitally id or externalId. */
  getUser(id: string): Promise<VitallyUser> {
    return this.call({ operation: "users.get", method: "GET", path: `/resources/users/${encodeId(id)}`, schema: ZVitallyUser });
  }

  /** GET /resources/users */
  listUsers(query: PageQuery = {}): Promise<Page<VitallyUser>> {
    return this.call({ operation: "users.list", method: "GET", path: "/resources/users", query: { ...query }, schema: ZPage(ZVitallyUser) });
  }

  /** POST /resources/users — needs externalId and at least one of accountIds / organizationIds. */
  createUser(input: CreateUserInput): Promise<VitallyUser> {
    return this.call({ operation: "users.create", method: "POST", path: "/resources/users", body: input, schema: ZVitallyUser });
  }

  /** PUT /resources/users/:id — traits merge; whether accountIds append or replace is undocumented (§16 q3). */
  updateUser(id: string, input: UpdateUserInput): Promise<VitallyUser> {
    return this.call({ operation: "users.update", method: "PUT", path: `/resources/users/${encodeId(id)}`, body: input, schema: ZVitallyUser });
  }

  // ─── Admins (§8.4) ────────────────────────────────────────────────────────────────────────

  /**
   * GET /resources/admins/search?email= — the docs answer a single Admin, others a list; both are
   * read as a list, and 404 (no such admin) as an empty one.
   */
  async searchAdmins(email: string): Promise<VitallyAdmin[]> {
    try {
      return await this.call({
        operation: "admins.search",
        method: "GET",
        path: "/resources/admins/search",
        query: { email },
        schema: ZListOf(ZVitallyAdmin),
      });
    } catch (err) {
      if (isExternalApiError(err) && err.kind === "not_found") return [];
      throw err;
    }
  }

  /** GET /resources/admins — undocumented, used in production by Airbyte (§8.4). */
  listAdmins(query: PageQuery = {}): Promise<Page<VitallyAdmin>> {
    return this.call({ operation: "admins.list", method: "GET", path: "/resources/admins", query: { ...query }, schema: ZPage(ZVitallyAdmin) });
  }

  // ─── Custom objects (§8.12) ───────────────────────────────────────────────────────────────

  /** GET /resources/customObjects */
  listCustomObjects(query: PageQuery = {}): Promise<Page<VitallyCustomObject>> {
    return this.call({
      operation: "customObjects.list",
      method: "GET",
      path: "/resources/customObjects",
      query: { ...query },
      schema: ZPage(ZVitallyCustomObject),
    });
  }

  /** GET /resources/customObjects/:id */
  getCustomObject(id: string): Promise<VitallyCustomObject> {
    return this.call({
      operation: "customObjects.get",
      method: "GET",
      path: `/resources/customObjects/${encodeId(id)}`,
      schema: ZVitallyCustomObject,
    });
  }

  /** POST /resources/customObjects — the answer carries each field's generated `path`. */
  createCustomObject(input: CreateCustomObjectInput): Promise<VitallyCustomObject> {
    return this.call({
      operation: "customObjects.create",
      method: "POST",
      path: "/resources/customObjects",
      body: input,
      schema: ZVitallyCustomObject,
    });
  }

  /** PUT /resources/customObjects/:id */
  updateCustomObject(id: string, input: UpdateCustomObjectInput): Promise<VitallyCustomObject> {
    return this.call({
      operation: "customObjects.update",
      method: "PUT",
      path: `/resources/customObjects/${encodeId(id)}`,
      body: input,
      schema: ZVitallyCustomObject,
    });
  }

  /**
   * PUT /resources/customObjects/:id with `customFields` — the only REST way to create traits
   * (§8.13: there is no POST /customFields). Send only fields that are missing.
   */
  addCustomObjectFields(id: string, fields: CustomFieldDefinitionInput[]): Promise<VitallyCustomObject> {
    return this.call({
      operation: "customObjects.addFields",
      method: "PUT",
      path: `/resources/customObjects/${encodeId(id)}`,
      body: { customFields: fields },
      schema: ZVitallyCustomObject,
    });
  }

  // ─── Custom object instances (§8.12) ──────────────────────────────────────────────────────

  /** GET /resources/customObjects/:coId/instances — `archived` true lists only deleted ones. */
  listInstances(customObjectId: string, query: PageQuery & { archived?: boolean } = {}): Promise<Page<VitallyInstance>> {
    return this.call({
      operation: "instances.list",
      method: "GET",
      path: `/resources/customObjects/${encodeId(customObjectId)}/instances`,
      query: { ...query },
      schema: ZPage(ZVitallyInstance),
    });
  }

  /**
   * GET /resources/customObjects/:coId/instances/search?<one criterion> — id, externalId,
   * customerId, organizationId, or customFieldId together with customFieldValue. Bare array live.
   */
  searchInstances(customObjectId: string, criterion: InstanceSearch): Promise<VitallyInstance[]> {
    const entries = onlyOne(criterion, "searchInstances");
    const pair = entries.length === 2 && "customFieldId" in criterion && "customFieldValue" in criterion;
    if (entries.length !== 1 && !pair) throw new Error("searchInstances: give exactly one criterion.");
    return this.call({
      operation: "instances.search",
      method: "GET",
      path: `/resources/customObjects/${encodeId(customObjectId)}/instances/search`,
      query: Object.fromEntries(entries),
      schema: ZListOf(ZVitallyInstance),
    });
  }

  /** GET /resources/customObjects/:coId/instances/search?id= — there is no GET by instance id (§8.12). */
  async getInstance(customObjectId: string, instanceId: string): Promise<VitallyInstance | null> {
    const found = await this.searchInstances(customObjectId, { id: instanceId });
    return found.find((i) => i.id === instanceId) ?? null;
  }

  /** POST /resources/customObjects/:coId/instances — name plus customerId and/or organizationId. */
  /**
   * `options.beforeSend` runs once the call has its slot of the rate budget, just before it is sent:
   * the place to record "a create is on its way" so that a call the budget refused (never sent)
   * does not make the next attempt look for an instance that cannot exist.
   */
  createInstance(customObjectId: string, input: CreateInstanceInput, options: { beforeSend?: () => Promise<void> } = {}): Promise<VitallyInstance> {
    return this.call({
      operation: "instances.create",
      method: "POST",
      path: `/resources/customObjects/${encodeId(customObjectId)}/instances`,
      body: input,
      schema: ZVitallyInstance,
      beforeSend: options.beforeSend,
    });
  }

  /** PUT /resources/customObjects/:coId/instances/:instanceId — traits merge, `null` deletes one. */
  updateInstance(customObjectId: string, instanceId: string, input: UpdateInstanceInput): Promise<VitallyInstance> {
    return this.call({
      operation: "instances.update",
      method: "PUT",
      path: `/resources/customObjects/${encodeId(customObjectId)}/instances/${encodeId(instanceId)}`,
      body: input,
      schema: ZVitallyInstance,
    });
  }

  /** DELETE /resources/customObjects/:coId/instances/:instanceId — archives; body may be empty. */
  async deleteInstance(customObjectId: string, instanceId: string): Promise<void> {
    await this.call({
      operation: "instances.delete",
      method: "DELETE",
      path: `/resources/customObjects/${encodeId(customObjectId)}/instances/${encodeId(instanceId)}`,
      schema: z.unknown(),
    });
  }

  // ─── Custom traits (§8.13) ────────────────────────────────────────────────────────────────

  /** GET /resources/customFields?model=&customObjectId= — a bare array; customObjectId is required for customObjects. */
  listCustomFields(filter: { model?: CustomFieldModel; customObjectId?: string } = {}): Promise<VitallyCustomField[]> {
    if (filter.model === "customObjects" && !filter.customObjectId) {
      throw new Error("listCustomFields: customObjectId is required when model is customObjects.");
    }
    return this.call({
      operation: "customFields.list",
      method: "GET",
      path: "/resources/customFields",
      query: { model: filter.model, customObjectId: filter.customObjectId },
      schema: ZListOf(ZVitallyCustomField),
    });
  }

  // ─── Conversations and messages (§8.5, §8.6) ──────────────────────────────────────────────

  /** POST /resources/conversations — records a conversation; sends no email. */
  createConversation(input: CreateConversationInput): Promise<VitallyConversation> {
    return this.call({
      operation: "conversations.create",
      method: "POST",
      path: "/resources/conversations",
      body: input,
      schema: ZVitallyConversation,
    });
  }

  /** GET /resources/conversations/:id — includes `messages`. */
  getConversation(id: string): Promise<VitallyConversation> {
    return this.call({
      operation: "conversations.get",
      method: "GET",
      path: `/resources/conversations/${encodeId(id)}`,
      schema: ZVitallyConversation,
    });
  }

  /** GET /resources/conversations — rows carry no messages. */
  listConversations(query: PageQuery = {}): Promise<Page<VitallyConversation>> {
    return this.call({
      operation: "conversations.list",
      method: "GET",
      path: "/resources/conversations",
      query: { ...query },
      schema: ZPage(ZVitallyConversation),
    });
  }

  /** POST /resources/conversations/:conversationId/messages */
  createMessage(conversationId: string, input: MessageInput): Promise<VitallyMessage> {
    return this.call({
      operation: "messages.create",
      method: "POST",
      path: `/resources/conversations/${encodeId(conversationId)}/messages`,
      body: input,
      schema: ZVitallyMessage,
    });
  }

  // ─── Notes (§8.7) ─────────────────────────────────────────────────────────────────────────

  /** POST /resources/notes — unique on externalId (a repeat updates); accountId or organizationId. */
  createNote(input: CreateNoteInput): Promise<VitallyNote> {
    return this.call({ operation: "notes.create", method: "POST", path: "/resources/notes", body: input, schema: ZVitallyNote });
  }

  // ─── Any endpoint ─────────────────────────────────────────────────────────────────────────

  /**
   * Any method on any path below `/resources` (`"/notes"` and `"/resources/notes"` are the same),
   * for pushing arbitrary records. Answers are JSON, or null for an empty body.
   */
  request<S extends z.ZodType = z.ZodUnknown>(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    body?: unknown,
    options: { query?: Query; schema?: S } = {},
  ): Promise<z.output<S>> {
    if (!path.startsWith("/") || path.startsWith("//") || /(^|\/)\.\.?(\/|$)|[?#\\]/.test(path)) {
      throw new Error(`request: "${path}" must be a plain absolute path below /resources, without query or dot segments.`);
    }
    const below = path.replace(/^\/resources(?=\/|$)/, "");
    return this.call({
      operation: `request.${method.toLowerCase()}`,
      method,
      path: `/resources${below}`,
      query: options.query,
      body,
      schema: (options.schema ?? z.unknown()) as S,
    });
  }
}

/**
 * Walks a cursor-paginated list (§4), following `next` until it is null or `atEnd`. A server that
 * hands back a cursor it already gave would loop forever; that is an invalid_response.
 */
export async function* paginate<T>(listPage: (from: string | null) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let from: string | null = null;
  for (;;) {
    const page: Page<T> = await listPage(from);
    yield* page.results;
    if (!page.next || page.atEnd === true) return;
    if (seen.has(page.next)) {
      throw new ExternalApiError({
        vendor: VITALLY_VENDOR,
        operation: "paginate",
        kind: "invalid_response",
        message: "Vitally returned a pagination cursor it had already returned; stopping to avoid a loop.",
      });
    }
    seen.add(page.next);
    from = page.next;
  }
}
