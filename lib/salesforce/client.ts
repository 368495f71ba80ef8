import { z } from "zod";
import { isExternalApiError, type ExternalApiErrorKind } from "@/lib/http/external-api-error";
import { outboundFetch, type FetchFn, type OutboundResponse } from "@/lib/http/outbound-fetch";
import { classifySalesforceFailure, invalidSalesforceResponse, SALESFORCE_VENDOR, type SalesforceErrorDetail } from "./errors";
import {
  ZCollectionResult,
  ZDescribe,
  ZLimits,
  ZQueryResult,
  ZSaveResult,
  ZUpsertResult,
  type SalesforceDescribe,
  type SalesforceLimits,
} from "./schemas";
import { child, escapeXml, local, parseXml, toValue, XmlError, type XmlElement } from "./xml";

/**
 * Salesforce's REST API and Metadata API (SOAP) as Ferry uses them (reference
 * ../shared/docs/salesforce-api.md, "§" below). One method per operation; answers are parsed with
 * zod; failures are SalesforceApiError (errors.ts). No retries except one: an expired session
 * (401 INVALID_SESSION_ID, or the SOAP fault) calls `refresh()` once and sends the call again once;
 * everything else is Inngest's job. Ferry talks to Salesforce itself rather than through jsforce
 * (see README "Salesforce").
 */

export const SALESFORCE_API_VERSION = "62.0";
export const DEFAULT_TIMEOUT_MS = 30_000;
/** sObject Collections take at most 200 records (§3.5); the Metadata API 10 components (§4.1). */
export const MAX_COLLECTION_RECORDS = 200;
export const MAX_METADATA_COMPONENTS = 10;
const SOQL_IN_LOG_CHARS = 200;

/** What the sync log records of each call: never a token, never a body. */
export interface SalesforceCall {
  operation: string;
  method: string;
  /** Below the instance URL; a query's SOQL is cut to 200 characters. */
  path: string;
  status: number | null;
  durationMs: number;
  kind?: ExternalApiErrorKind;
}

/** `Sforce-Limit-Info: api-usage=USED/MAX` of the latest REST answer (§3.8). */
export interface SalesforceLimitInfo {
  used: number;
  max: number;
}

export interface SalesforceClientOptions {
  instanceUrl: string;
  accessToken: string;
  /** Gets a new access token (and saves rotated tokens); called at most once per call. */
  refresh?: () => Promise<string>;
  fetch?: FetchFn;
  timeoutMs?: number;
  /** Awaited before every HTTP request (Ferry's rate budget, the daily-limit pause); may throw. */
  beforeCall?: (call: { operation: string; method: string; path: string }) => Promise<void>;
  onCall?: (call: SalesforceCall) => void;
  apiVersion?: string;
}

export type SObjectFields = Record<string, unknown>;

export interface SalesforceRecord {
  attributes?: { type: string; url?: string };
  [field: string]: unknown;
}

export interface QueryPage<T> {
  records: T[];
  totalSize: number;
  done: boolean;
  nextRecordsUrl: string | null;
}

/** One item of a collections call, errors in either shape read as `code`. */
export interface CollectionItemResult {
  id: string | null;
  success: boolean;
  created?: boolean;
  errors: SalesforceErrorDetail[];
}

export type MetadataSaveOperation = "createMetadata" | "updateMetadata" | "upsertMetadata";
export type MetadataOperation = "readMetadata" | MetadataSaveOperation;

/** A Metadata API component: `fullName` plus the type's properties (nested objects, arrays). */
export interface MetadataComponent {
  fullName: string;
  [property: string]: unknown;
}

export interface MetadataSaveResult {
  fullName: string;
  success: boolean;
  /** upsertMetadata only. */
  created?: boolean;
  errors: SalesforceErrorDetail[];
}

/** What readMetadata returns for one name: XML values as strings, or null when nothing has that name. */
export type MetadataRecord = Record<string, unknown> & { fullName: string };

/** SOQL string literal: `\` then `'` escaped (§3.2). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}'`;
}

/** A LIKE pattern's literal part: also `%` and `_` escaped (§3.2). */
export function soqlLikeLiteral(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/%/g, "\\%").replace(/_/g, "\\_");
}

/** Parses `api-usage=18/15000` (other parts such as `per-app-api-usage` are ignored). */
export function parseLimitInfo(header: string | null | undefined): SalesforceLimitInfo | null {
  const m = /api-usage=(\d+)\/(\d+)/.exec(header ?? "");
  return m ? { used: Number(m[1]), max: Number(m[2]) } : null;
}

const SOBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
function sobjectName(name: string): string {
  if (!SOBJECT_NAME.test(name)) throw new Error(`"${name}" is not an sObject or field API name.`);
  return name;
}
function recordId(id: string): string {
  if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(id)) throw new Error(`"${id}" is not a Salesforce record id.`);
  return id;
}

function xmlOf(name: string, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => xmlOf(name, v)).join("");
  if (typeof value === "object") return `<${name}>${Object.entries(value).map(([k, v]) => xmlOf(k, v)).join("")}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

const METADATA_NS = "http://soap.sforce.com/2006/04/metadata";

function soapEnvelope(sessionId: string, body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Header xmlns="${METADATA_NS}"><SessionHeader><sessionId>${escapeXml(sessionId)}</sessionId></SessionHeader></soapenv:Header>` +
    `<soapenv:Body xmlns="${METADATA_NS}">${body}</soapenv:Body></soapenv:Envelope>`
  );
}

function itemErrors(errors: ReadonlyArray<{ statusCode?: string; errorCode?: string; message: string; fields: string[] }>): SalesforceErrorDetail[] {
  return errors.map((e) => ({ code: e.statusCode ?? e.errorCode ?? "UNKNOWN", message: e.message, fields: e.fields }));
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

function metadataErrors(value: unknown): SalesforceErrorDetail[] {
  return asArray(value as Record<string, unknown> | Record<string, unknown>[] | undefined).map((e) => ({
    code: typeof e.statusCode === "string" ? e.statusCode : "UNKNOWN",
    message: typeof e.message === "string" ? e.message : "",
    fields: asArray(e.fields as string | string[] | undefined).filter((f) => f !== ""),
  }));
}

interface Spec<S extends z.ZodType> {
  operation: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Below the instance URL, e.g. `/services/data/v62.0/sobjects/Contact`. */
  path: string;
  /** What the call log shows instead of `path` (a query's SOQL cut short). */
  logPath?: string;
  body?: unknown;
  schema: S;
  /** Statuses that are not failures although not 2xx, with their own result. */
  accept?: Partial<Record<number, () => z.output<S>>>;
}

export class SalesforceClient {
  readonly instanceUrl: string;
  readonly apiVersion: string;
  /** Every call made, in order (for the sync log). */
  readonly calls: SalesforceCall[] = [];
  private accessToken: string;
  private refreshing: Promise<string> | null = null;
  private readonly options: SalesforceClientOptions;
  private lastLimitInfo: SalesforceLimitInfo | null = null;

  constructor(options: SalesforceClientOptions) {
    if (!options.accessToken) throw new Error("SalesforceClient needs an access token.");
    const url = new URL(options.instanceUrl);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("The instance URL must be http(s).");
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, "");
    this.accessToken = options.accessToken;
    this.apiVersion = options.apiVersion ?? SALESFORCE_API_VERSION;
    this.options = options;
  }

  /** The latest `Sforce-Limit-Info` seen: API calls used / allowed in the rolling 24 h. */
  get limitInfo(): SalesforceLimitInfo | null {
    return this.lastLimitInfo;
  }

  private get dataPath(): string {
    return `/services/data/v${this.apiVersion}`;
  }

  private record(call: SalesforceCall): void {
    this.calls.push(call);
    this.options.onCall?.(call);
  }

  /** A new token after a 401, shared by calls that fail together; skipped if another call already refreshed. */
  private async renewToken(usedToken: string): Promise<void> {
    const refresh = this.options.refresh;
    if (!refresh || this.accessToken !== usedToken) return;
    this.refreshing ??= refresh().finally(() => {
      this.refreshing = null;
    });
    this.accessToken = await this.refreshing;
  }

  /** One HTTP exchange; only a transport failure is logged here (the caller logs answers). */
  private async send(
    operation: string,
    method: string,
    path: string,
    logPath: string,
    headers: Record<string, string>,
    body: ((token: string) => string) | undefined,
  ): Promise<{ res: OutboundResponse; token: string; started: number }> {
    if (this.options.beforeCall) await this.options.beforeCall({ operation, method, path: logPath });
    const token = this.accessToken;
    const started = performance.now();
    try {
      const res = await outboundFetch(
        {
          url: `${this.instanceUrl}${path}`,
          method,
          headers: { authorization: `Bearer ${token}`, "user-agent": "Ferry (request sync)", ...headers },
          body: body?.(token),
        },
        { vendor: SALESFORCE_VENDOR, operation, timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, fetch: this.options.fetch },
      );
      const info = parseLimitInfo(res.headers.get("sforce-limit-info"));
      if (info) this.lastLimitInfo = info;
      return { res, token, started };
    } catch (err) {
      this.record({ operation, method, path: logPath, status: null, durationMs: Math.round(performance.now() - started), kind: isExternalApiError(err) ? err.kind : "network" });
      throw err;
    }
  }

  /** Sends once, and once more after one refresh when the session had expired (never more). */
  private async exchange(
    operation: string,
    method: string,
    path: string,
    logPath: string,
    headers: Record<string, string>,
    body: ((token: string) => string) | undefined,
    sessionExpired: (res: OutboundResponse) => boolean,
  ): Promise<OutboundResponse> {
    let sent = await this.send(operation, method, path, logPath, headers, body);
    if (this.options.refresh && sessionExpired(sent.res)) {
      this.record({ operation, method, path: logPath, status: sent.res.status, durationMs: Math.round(performance.now() - sent.started), kind: "auth" });
      await this.renewToken(sent.token);
      sent = await this.send(operation, method, path, logPath, headers, body);
    }
    return this.logged(sent.res, operation, method, logPath, sent.started);
  }

  private logged(res: OutboundResponse, operation: string, method: string, logPath: string, started: number): OutboundResponse {
    const failed = res.status < 200 || res.status > 299;
    this.record({
      operation,
      method,
      path: logPath,
      status: res.status,
      durationMs: Math.round(performance.now() - started),
      ...(failed ? { kind: this.failure(operation, method, logPath, res).kind } : {}),
    });
    return res;
  }

  private failure(operation: string, method: string, path: string, res: OutboundResponse) {
    return classifySalesforceFailure({
      operation,
      method,
      path: path.split("?")[0] as string,
      status: res.status,
      headers: res.headers,
      bodyText: res.bodyText,
      secrets: [this.accessToken],
    });
  }

  private async call<S extends z.ZodType>(spec: Spec<S>): Promise<z.output<S>> {
    const logPath = spec.logPath ?? spec.path;
    const json = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const res = await this.exchange(
      spec.operation,
      spec.method,
      spec.path,
      logPath,
      { accept: "application/json", ...(json === undefined ? {} : { "content-type": "application/json" }) },
      json === undefined ? undefined : () => json,
      (r) => r.status === 401 && /INVALID_SESSION_ID/.test(r.bodyText) && !/not valid for use with the REST API/.test(r.bodyText),
    );
    const accepted = spec.accept?.[res.status];
    if (accepted) return accepted();
    if (res.status < 200 || res.status > 299) throw this.failure(spec.operation, spec.method, logPath, res);
    let parsedJson: unknown = null;
    if (res.bodyText.trim() !== "") {
      try {
        parsedJson = JSON.parse(res.bodyText);
      } catch {
        throw invalidSalesforceResponse({ operation: spec.operation, method: spec.method, path: logPath, status: res.status, why: "the answer is not JSON", bodyText: res.bodyText, secrets: [this.accessToken] });
      }
    }
    const parsed = spec.schema.safeParse(parsedJson);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
      throw invalidSalesforceResponse({ operation: spec.operation, method: spec.method, path: logPath, status: res.status, why: `unexpected answer shape (${issues})`, bodyText: res.bodyText, secrets: [this.accessToken] });
    }
    return parsed.data;
  }

  // ─── SOQL (§3.2) ────────────────────────────────────────────────────────────────────────

  /** GET /query?q= — one page; `rowSchema` parses each record. */
  query<T extends z.ZodType>(soql: string, rowSchema: T): Promise<QueryPage<z.output<T>>> {
    const cut = soql.length > SOQL_IN_LOG_CHARS ? `${soql.slice(0, SOQL_IN_LOG_CHARS)}…` : soql;
    return this.page("query", `${this.dataPath}/query?q=${encodeURIComponent(soql)}`, `${this.dataPath}/query?q=${cut}`, rowSchema);
  }

  /** GET a `nextRecordsUrl` (`/services/data/vNN.0/query/<locator>`). */
  queryMore<T extends z.ZodType>(nextRecordsUrl: string, rowSchema: T): Promise<QueryPage<z.output<T>>> {
    if (!/^\/services\/data\/v\d+\.\d\/query\/[A-Za-z0-9-]+$/.test(nextRecordsUrl)) {
      throw invalidSalesforceResponse({ operation: "query.more", method: "GET", path: nextRecordsUrl.slice(0, 200), status: 200, why: "nextRecordsUrl is not a query locator", bodyText: "" });
    }
    return this.page("query.more", nextRecordsUrl, nextRecordsUrl, rowSchema);
  }

  private async page<T extends z.ZodType>(operation: string, path: string, logPath: string, rowSchema: T): Promise<QueryPage<z.output<T>>> {
    const page = await this.call({ operation, method: "GET", path, logPath, schema: ZQueryResult(rowSchema) });
    return { records: page.records as z.output<T>[], totalSize: page.totalSize, done: page.done, nextRecordsUrl: page.nextRecordsUrl ?? null };
  }

  /** Every record of a query, following `nextRecordsUrl` (at most `maxRecords`, default 10,000). */
  async queryAll<T extends z.ZodType>(soql: string, rowSchema: T, maxRecords = 10_000): Promise<z.output<T>[]> {
    let page = await this.query(soql, rowSchema);
    const out = [...page.records];
    const seen = new Set<string>();
    while (!page.done && page.nextRecordsUrl && out.length < maxRecords) {
      if (seen.has(page.nextRecordsUrl)) {
        throw invalidSalesforceResponse({ operation: "query.more", method: "GET", path: page.nextRecordsUrl, status: 200, why: "the same query locator came back twice", bodyText: "" });
      }
      seen.add(page.nextRecordsUrl);
      page = await this.queryMore(page.nextRecordsUrl, rowSchema);
      out.push(...page.records);
    }
    return out.slice(0, maxRecords);
  }

  // ─── Records (§3.3–§3.5) ────────────────────────────────────────────────────────────────

  /** POST /sobjects/T → 201 {id}. */
  async create(sobject: string, fields: SObjectFields): Promise<{ id: string }> {
    const res = await this.call({ operation: `${sobject}.create`, method: "POST", path: `${this.dataPath}/sobjects/${sobjectName(sobject)}`, body: fields, schema: ZSaveResult });
    return { id: res.id };
  }

  /** PATCH /sobjects/T/<id> → 204. */
  async update(sobject: string, id: string, fields: SObjectFields): Promise<void> {
    await this.call({
      operation: `${sobject}.update`,
      method: "PATCH",
      path: `${this.dataPath}/sobjects/${sobjectName(sobject)}/${recordId(id)}`,
      body: fields,
      schema: z.null(),
    });
  }

  /**
   * PATCH /sobjects/T/<extField>/<value> → 201 created / 200 updated (§3.4). The value is
   * URL-encoded and the external-id field and Id are kept out of the body (Salesforce refuses
   * them there). Several matches (300) is a SalesforceApiError with code MULTIPLE_CHOICES.
   */
  async upsert(sobject: string, extIdField: string, extIdValue: string, fields: SObjectFields): Promise<{ id: string; created: boolean }> {
    if (extIdValue === "") throw new Error("upsert: the external id value must not be empty.");
    const body = Object.fromEntries(
      Object.entries(fields).filter(([k]) => k.toLowerCase() !== extIdField.toLowerCase() && k.toLowerCase() !== "id"),
    );
    const res = await this.call({
      operation: `${sobject}.upsert`,
      method: "PATCH",
      path: `${this.dataPath}/sobjects/${sobjectName(sobject)}/${sobjectName(extIdField)}/${encodeURIComponent(extIdValue)}`,
      body,
      schema: ZUpsertResult,
    });
    return { id: res.id, created: res.created };
  }

  /** POST /composite/sobjects (≤ 200, types from `attributes.type`); per-item results, no throw for item errors. */
  createMany(records: ReadonlyArray<SalesforceRecord & { attributes: { type: string } }>, options: { allOrNone?: boolean } = {}): Promise<CollectionItemResult[]> {
    return this.collection("collections.create", "POST", records, options);
  }

  /** PATCH /composite/sobjects (≤ 200, each with `id`); per-item results. */
  updateMany(records: ReadonlyArray<SalesforceRecord & { attributes: { type: string }; id: string }>, options: { allOrNone?: boolean } = {}): Promise<CollectionItemResult[]> {
    return this.collection("collections.update", "PATCH", records, options);
  }

  private async collection(operation: string, method: "POST" | "PATCH", records: ReadonlyArray<SalesforceRecord>, options: { allOrNone?: boolean }): Promise<CollectionItemResult[]> {
    if (records.length === 0) return [];
    if (records.length > MAX_COLLECTION_RECORDS) throw new Error(`${operation}: at most ${MAX_COLLECTION_RECORDS} records per call (got ${records.length}).`);
    const items = await this.call({
      operation,
      method,
      path: `${this.dataPath}/composite/sobjects`,
      body: { allOrNone: options.allOrNone ?? false, records },
      schema: ZCollectionResult,
    });
    return items.map((i) => ({ id: i.id ?? null, success: i.success, ...(i.created === undefined ? {} : { created: i.created }), errors: itemErrors(i.errors) }));
  }

  // ─── Describe and limits ────────────────────────────────────────────────────────────────

  /** GET /sobjects/T/describe — visible fields only (§4.6); null when the object does not exist. */
  describe(sobject: string): Promise<SalesforceDescribe | null> {
    return this.call({
      operation: `${sobject}.describe`,
      method: "GET",
      path: `${this.dataPath}/sobjects/${sobjectName(sobject)}/describe`,
      schema: ZDescribe.nullable(),
      accept: { 404: () => null },
    });
  }

  /** GET /limits — the daily API allocation (§3.8). */
  limits(): Promise<SalesforceLimits> {
    return this.call({ operation: "limits", method: "GET", path: `${this.dataPath}/limits`, schema: ZLimits });
  }

  // ─── Metadata API over SOAP (§4.1) ──────────────────────────────────────────────────────

  /**
   * POST /services/Soap/m/NN.0. readMetadata takes full names and returns one record per name
   * (null when nothing has that name); the save calls take ≤ 10 components of one type and return
   * one result per component (failures are results, not throws, as in Salesforce).
   */
  metadata(op: "readMetadata", type: string, fullNames: string[]): Promise<Array<MetadataRecord | null>>;
  metadata(op: MetadataSaveOperation, type: string, components: MetadataComponent[]): Promise<MetadataSaveResult[]>;
  async metadata(op: MetadataOperation, type: string, items: string[] | MetadataComponent[]): Promise<Array<MetadataRecord | null> | MetadataSaveResult[]> {
    if (items.length === 0) return [];
    if (items.length > MAX_METADATA_COMPONENTS) throw new Error(`${op}: at most ${MAX_METADATA_COMPONENTS} components per call (got ${items.length}).`);
    sobjectName(type);
    const inner =
      op === "readMetadata"
        ? `<type>${escapeXml(type)}</type>${(items as string[]).map((n) => `<fullNames>${escapeXml(n)}</fullNames>`).join("")}`
        : (items as MetadataComponent[])
            .map(({ fullName, ...rest }) => `<metadata xsi:type="${escapeXml(type)}">${xmlOf("fullName", fullName)}${Object.entries(rest).map(([k, v]) => xmlOf(k, v)).join("")}</metadata>`)
            .join("");
    const path = `/services/Soap/m/${this.apiVersion}`;
    const operation = `metadata.${op}`;
    const res = await this.exchange(
      operation,
      "POST",
      path,
      `${path} ${op} ${type}`,
      { "content-type": "text/xml; charset=UTF-8", soapaction: '""' },
      (token) => soapEnvelope(token, `<${op}>${inner}</${op}>`),
      (r) => r.status === 500 && /<faultcode>[A-Za-z]+:INVALID_SESSION_ID<\/faultcode>/.test(r.bodyText),
    );
    if (res.status !== 200) throw this.failure(operation, "POST", path, res);
    let response: XmlElement | undefined;
    try {
      response = child(child(parseXml(res.bodyText), "Body"), `${op}Response`);
    } catch (err) {
      if (!(err instanceof XmlError)) throw err;
    }
    if (!response) {
      throw invalidSalesforceResponse({ operation, method: "POST", path, status: res.status, why: `no <${op}Response> in the SOAP answer`, bodyText: res.bodyText, secrets: [this.accessToken] });
    }
    if (op === "readMetadata") {
      const records = child(response, "result")?.children.filter((c) => local(c.name) === "records") ?? [];
      return records.map((r) => {
        const value = toValue(r);
        return value && typeof value === "object" && typeof (value as { fullName?: unknown }).fullName === "string" ? (value as MetadataRecord) : null;
      });
    }
    return response.children
      .filter((c) => local(c.name) === "result")
      .map((r) => {
        const v = toValue(r) as Record<string, unknown>;
        return {
          fullName: typeof v.fullName === "string" ? v.fullName : "",
          success: v.success === "true",
          ...(v.created === undefined ? {} : { created: v.created === "true" }),
          errors: metadataErrors(v.errors),
        };
      });
  }
}

/** A list from an XML value that holds one item or several (readMetadata records). */
export function metadataList<T = unknown>(value: unknown): T[] {
  return asArray(value as T | T[] | undefined);
}
