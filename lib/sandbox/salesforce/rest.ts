import { randomBytes } from "node:crypto";
import { SalesforceError, collectionError, malformedQuery, notFoundResource } from "./errors";
import { normalizeId } from "./ids";
import { createRecord, findByExternalId, presentRecord, updateRecord } from "./records";
import { dailyLimitOf, type SalesforceRuntime } from "./runtime";
import type { FieldDef, ObjectDef } from "./schema";
import { fieldAccess, visibleField, visibleFields } from "./security";
import { parseSoql, presentRow, runQuery } from "./soql";
import type { Org, SfRecord, SessionEntry } from "./store";
import { handleTooling } from "./tooling";

/**
 * The REST API under `/services/data/vNN.0` (reference §3): describe, sObject create / read /
 * update / delete, upsert by external id, SOQL query with paging, sObject Collections, limits,
 * and the Tooling API (tooling.ts). Routes return `{status, body}`; errors are thrown as
 * `SalesforceError` and become the `[{message, errorCode, fields}]` array.
 */

export interface RestContext {
  rt: SalesforceRuntime;
  org: Org;
  session: SessionEntry;
  /** "62.0" */
  version: string;
  method: string;
  /** Path below `/services/data/vNN.0`, e.g. `/sobjects/Contact`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface RestResult {
  status: number;
  body?: unknown;
}

export const MIN_VERSION = 31;
export const MAX_VERSION = 67;

const major = (version: string) => Number.parseInt(version, 10);

function objectOf(ctx: RestContext, name: string): ObjectDef {
  const def = ctx.org.object(decodeURIComponent(name));
  if (!def) throw notFoundResource();
  return def;
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new SalesforceError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
  }
  const copy = { ...(body as Record<string, unknown>) };
  delete copy.attributes;
  return copy;
}

function recordUrl(ctx: RestContext, def: ObjectDef, id: string): string {
  return `/services/data/v${ctx.version}/sobjects/${def.name}/${id}`;
}

/** `createable` / `updateable` are the caller's: a field readable without Edit access shows false (§4.6). */
function describeField(f: FieldDef, edit: boolean) {
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    length: f.length,
    nillable: !f.required && f.type !== "boolean" && f.type !== "id",
    createable: f.createable && edit,
    updateable: f.updateable && edit,
    filterable: f.filterable,
    externalId: f.externalId,
    unique: f.unique,
    caseSensitive: f.caseSensitive,
    custom: f.custom,
    htmlFormatted: f.htmlFormatted ?? false,
    referenceTo: f.referenceTo ?? [],
    relationshipName: f.relationshipName ?? null,
    restrictedPicklist: f.restrictedPicklist ?? false,
    picklistValues: (f.picklistValues ?? []).map((value) => ({ value, label: value, active: true, defaultValue: false })),
  };
}

function describeObject(ctx: RestContext, def: ObjectDef) {
  const base = `/services/data/v${ctx.version}/sobjects/${def.name}`;
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    custom: def.custom,
    createable: true,
    updateable: true,
    queryable: true,
    fields: visibleFields(ctx.org, ctx.session.userId, def).map((f) => describeField(f, fieldAccess(ctx.org, ctx.session.userId, def, f).edit)),
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
  };
}

function findById(ctx: RestContext, def: ObjectDef, raw: string): SfRecord {
  const id = normalizeId(raw);
  if (!id) throw new SalesforceError(400, "MALFORMED_ID", `${def.name} ID: id value of incorrect type: ${raw}`, ["Id"]);
  const record = ctx.org.table(def).get(id);
  if (!record) throw notFoundResource();
  return record;
}

function queryPageSize(ctx: RestContext): number {
  const header = ctx.headers["sforce-query-options"];
  const match = /batchSize=(\d+)/i.exec(Array.isArray(header) ? header.join(",") : (header ?? ""));
  if (match) return Math.min(2000, Math.max(200, Number(match[1])));
  return ctx.rt.settings.queryBatchSize;
}

function page(ctx: RestContext, records: Record<string, unknown>[], totalSize: number, offset: number, locatorId: string | null): RestResult {
  const size = queryPageSize(ctx);
  const slice = records.slice(offset, offset + size);
  const done = offset + slice.length >= records.length;
  const body: Record<string, unknown> = { totalSize, done, records: slice };
  if (!done) {
    const id = locatorId ?? `01g${randomBytes(8).toString("hex").slice(0, 15)}`;
    ctx.rt.locators.set(id, { orgId: ctx.org.id, records, totalSize, expiresAt: ctx.rt.now() + 15 * 60_000 });
    body.nextRecordsUrl = `/services/data/v${ctx.version}/query/${id}-${offset + slice.length}`;
  }
  return { status: 200, body };
}

function query(ctx: RestContext): RestResult {
  const q = ctx.query.get("q");
  if (!q || q.trim() === "") throw malformedQuery("A query string has to be specified");
  const result = runQuery(ctx.org, ctx.session.userId, parseSoql(q));
  if (result.count) return { status: 200, body: { totalSize: result.totalSize, done: true, records: [] } };
  const rows = result.records.map((row) => presentRow(ctx.org, result, row.record, ctx.version));
  return page(ctx, rows, result.totalSize, 0, null);
}

function queryMore(ctx: RestContext, locator: string): RestResult {
  const match = /^(.+)-(\d+)$/.exec(locator);
  const entry = match ? ctx.rt.locators.get(match[1] as string) : undefined;
  if (!match || !entry || entry.orgId !== ctx.org.id || entry.expiresAt <= ctx.rt.now()) {
    throw new SalesforceError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
  }
  return page(ctx, entry.records, entry.totalSize, Number(match[2]), match[1] as string);
}

type UpsertOutcome = { multiple: SfRecord[] } | { record: SfRecord; created: boolean };

function upsertOne(ctx: RestContext, def: ObjectDef, f: FieldDef, value: string, body: Record<string, unknown>, updateOnly: boolean): UpsertOutcome {
  const matches = f.name === "Id" ? [ctx.org.table(def).get(normalizeId(value) ?? "")].filter((r): r is SfRecord => !!r) : findByExternalId(ctx.org, def, f, value);
  if (matches.length > 1) return { multiple: matches };
  const existing = matches[0];
  if (existing) return { record: updateRecord(ctx.org, ctx.session.userId, def, existing, body), created: false };
  if (updateOnly || f.name === "Id") throw notFoundResource();
  return { record: createRecord(ctx.org, ctx.session.userId, def, { ...body, [f.name]: value }), created: true };
}

function externalIdField(ctx: RestContext, def: ObjectDef, name: string): FieldDef {
  const f = visibleField(ctx.org, ctx.session.userId, def, decodeURIComponent(name));
  if (!f || (!f.externalId && f.name !== "Id")) throw notFoundResource();
  return f;
}

function upsert(ctx: RestContext, type: string, fieldName: string, rawValue: string): RestResult {
  const def = objectOf(ctx, type);
  const f = externalIdField(ctx, def, fieldName);
  const body = bodyObject(ctx.body);
  for (const key of Object.keys(body)) {
    if (key.toLowerCase() === f.name.toLowerCase() || key.toLowerCase() === "id") {
      // The docs say this errors without naming the code (reference §3.4): INVALID_FIELD is the GUESS.
      throw new SalesforceError(400, "INVALID_FIELD", `Do not specify ${key} in the request body of an upsert; it is taken from the URL`, [key]);
    }
  }
  const result = upsertOne(ctx, def, f, decodeURIComponent(rawValue), body, ctx.query.get("updateOnly") === "true");
  if ("multiple" in result) return { status: 300, body: result.multiple.map((r) => recordUrl(ctx, def, r.Id)) };
  if (result.created) return { status: 201, body: { id: result.record.Id, success: true, errors: [], created: true } };
  if (major(ctx.version) < 46) return { status: 204 };
  return { status: 200, body: { id: result.record.Id, success: true, errors: [], created: false } };
}

const ROLLED_BACK = new SalesforceError(
  400,
  "ALL_OR_NONE_OPERATION_ROLLED_BACK",
  "Record rolled back because not all records were valid and the request was using AllOrNone header",
);

interface CollectionInput {
  allOrNone: boolean;
  records: Record<string, unknown>[];
}

function collectionInput(body: unknown): CollectionInput {
  const obj = body as { allOrNone?: unknown; records?: unknown } | null;
  if (!obj || typeof obj !== "object" || !Array.isArray(obj.records)) {
    throw new SalesforceError(400, "JSON_PARSER_ERROR", "The request body must be {allOrNone, records: [...]}");
  }
  if (obj.records.length > 200) {
    throw new SalesforceError(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
  }
  return { allOrNone: obj.allOrNone === true, records: obj.records as Record<string, unknown>[] };
}

function typeOfItem(ctx: RestContext, item: Record<string, unknown>): ObjectDef {
  const type = (item.attributes as { type?: unknown } | undefined)?.type;
  if (typeof type !== "string") throw new SalesforceError(400, "INVALID_TYPE", "Must send a concrete entity type.");
  const def = ctx.org.object(type);
  if (!def) throw new SalesforceError(400, "INVALID_TYPE", `sObject type '${type}' is not supported.`);
  return def;
}

/** Runs each item; with allOrNone a failure restores the org's records and rolls every item back. */
function runCollection(ctx: RestContext, input: CollectionInput, each: (item: Record<string, unknown>) => Record<string, unknown>): RestResult {
  const backup = new Map([...ctx.org.records].map(([name, table]) => [name, new Map([...table].map(([id, r]) => [id, { ...r }]))]));
  const results = input.records.map((item) => {
    try {
      return each(item);
    } catch (error) {
      if (!(error instanceof SalesforceError)) throw error;
      return { success: false, errors: [collectionError(error)] };
    }
  });
  if (input.allOrNone && results.some((r) => r.success === false)) {
    for (const [name, table] of backup) ctx.org.records.set(name, table);
    return {
      status: 200,
      body: results.map((r) => (r.success === false ? r : { id: null, success: false, errors: [collectionError(ROLLED_BACK)] })),
    };
  }
  return { status: 200, body: results };
}

function collectionCreate(ctx: RestContext): RestResult {
  const input = collectionInput(ctx.body);
  return runCollection(ctx, input, (item) => {
    const def = typeOfItem(ctx, item);
    const record = createRecord(ctx.org, ctx.session.userId, def, bodyObject(item));
    return { id: record.Id, success: true, errors: [] };
  });
}

function collectionUpdate(ctx: RestContext): RestResult {
  const input = collectionInput(ctx.body);
  return runCollection(ctx, input, (item) => {
    const def = typeOfItem(ctx, item);
    const fields = bodyObject(item);
    const rawId = fields.id ?? fields.Id;
    delete fields.id;
    delete fields.Id;
    if (typeof rawId !== "string") throw new SalesforceError(400, "MISSING_ARGUMENT", "Id not specified in an update call", ["Id"]);
    const id = normalizeId(rawId);
    const record = id ? ctx.org.table(def).get(id) : undefined;
    if (!id) throw new SalesforceError(400, "MALFORMED_ID", `${def.name} ID: id value of incorrect type: ${rawId}`, ["Id"]);
    if (!record) throw new SalesforceError(400, "ENTITY_IS_DELETED", "entity is deleted", []);
    updateRecord(ctx.org, ctx.session.userId, def, record, fields);
    return { id: record.Id, success: true, errors: [] };
  });
}

function collectionUpsert(ctx: RestContext, type: string, fieldName: string): RestResult {
  if (major(ctx.version) < 46) throw notFoundResource();
  const def = objectOf(ctx, type);
  const f = externalIdField(ctx, def, fieldName);
  if (f.name === "Id") throw new SalesforceError(400, "INVALID_FIELD", "Upsert with sObject Collections takes an external ID field, not Id", ["Id"]);
  const input = collectionInput(ctx.body);
  return runCollection(ctx, input, (item) => {
    if (typeOfItem(ctx, item) !== def) throw new SalesforceError(400, "INVALID_TYPE", `Every record must be of type ${def.name}`);
    const fields = bodyObject(item);
    const key = Object.keys(fields).find((k) => k.toLowerCase() === f.name.toLowerCase());
    const value = key ? fields[key] : undefined;
    if (key) delete fields[key];
    if (typeof value !== "string" || value === "") {
      throw new SalesforceError(400, "MISSING_ARGUMENT", `${f.name} not specified`, [f.name]);
    }
    const result = upsertOne(ctx, def, f, value, fields, false);
    if ("multiple" in result) {
      throw new SalesforceError(400, "DUPLICATE_EXTERNAL_ID", `${f.name}: more than one record found for external id field: [${result.multiple.map((r) => r.Id).join(", ")}]`, [f.name]);
    }
    return { id: result.record.Id, success: true, errors: [], created: result.created };
  });
}

function resources(ctx: RestContext): RestResult {
  const base = `/services/data/v${ctx.version}`;
  const names = ["sobjects", "query", "composite", "limits", "tooling"];
  return { status: 200, body: Object.fromEntries(names.map((n) => [n, `${base}/${n}`])) };
}

function limits(ctx: RestContext): RestResult {
  const max = dailyLimitOf(ctx.rt, ctx.org.id);
  const { remaining } = ctx.rt.usage.peek(ctx.org.id, max);
  return { status: 200, body: { DailyApiRequests: { Max: max, Remaining: remaining } } };
}

export function handleRest(ctx: RestContext): RestResult {
  const segments = ctx.path.split("/").filter(Boolean);
  const [first, second, third, fourth, ...rest] = segments;
  const m = ctx.method;
  if (rest.length > 0) throw notFoundResource();
  if (!first && m === "GET") return resources(ctx);
  if (first === "limits" && !second && m === "GET") return limits(ctx);
  if (first === "query" && m === "GET") return second ? queryMore(ctx, decodeURIComponent(second)) : query(ctx);
  if (first === "tooling") return handleTooling(ctx, segments.slice(1));
  if (first === "composite" && second === "sobjects") {
    if (!third && m === "POST") return collectionCreate(ctx);
    if (!third && m === "PATCH") return collectionUpdate(ctx);
    if (third && fourth && m === "PATCH") return collectionUpsert(ctx, third, fourth);
    throw notFoundResource();
  }
  if (first !== "sobjects") throw notFoundResource();
  if (!second) {
    if (m !== "GET") throw notFoundResource();
    const sobjects = [...ctx.org.objects.values()].map((d) => ({ name: d.name, label: d.label, keyPrefix: d.keyPrefix, custom: d.custom }));
    return { status: 200, body: { encoding: "UTF-8", maxBatchSize: 200, sobjects } };
  }
  const def = objectOf(ctx, second);
  if (!third) {
    if (m === "POST") {
      const record = createRecord(ctx.org, ctx.session.userId, def, bodyObject(ctx.body));
      return { status: 201, body: { id: record.Id, success: true, errors: [] } };
    }
    if (m === "GET") return { status: 200, body: { objectDescribe: { name: def.name, label: def.label, keyPrefix: def.keyPrefix, custom: def.custom }, recentItems: [] } };
    throw notFoundResource();
  }
  if (third === "describe" && !fourth && m === "GET") return { status: 200, body: describeObject(ctx, def) };
  if (fourth !== undefined) {
    if (m === "PATCH") return upsert(ctx, def.name, third, fourth);
    if (m === "GET") {
      const f = externalIdField(ctx, def, third);
      const matches = findByExternalId(ctx.org, def, f, decodeURIComponent(fourth));
      if (matches.length === 0) throw notFoundResource();
      if (matches.length > 1) return { status: 300, body: matches.map((r) => recordUrl(ctx, def, r.Id)) };
      return { status: 200, body: presentRecord(ctx.org, ctx.session.userId, def, matches[0] as SfRecord, ctx.version) };
    }
    throw notFoundResource();
  }
  const record = findById(ctx, def, decodeURIComponent(third));
  if (m === "GET") {
    const only = ctx.query.get("fields")?.split(",").map((s) => s.trim()).filter(Boolean);
    return { status: 200, body: presentRecord(ctx.org, ctx.session.userId, def, record, ctx.version, only) };
  }
  if (m === "PATCH") {
    const body = bodyObject(ctx.body);
    delete body.Id;
    delete body.id;
    updateRecord(ctx.org, ctx.session.userId, def, record, body);
    return { status: 204 };
  }
  if (m === "DELETE") {
    ctx.org.table(def).delete(record.Id);
    return { status: 204 };
  }
  throw notFoundResource();
}
