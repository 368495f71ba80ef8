import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { badRequest, fromZodError, notFound } from "./errors";
import type { RouteContext } from "./router";
import type { Traits } from "./types";

/** Helpers every resource route uses: body parsing, lookups, trait merging. */

/**
 * Parses a JSON object body. In strict mode a top-level field the schema does not know is a 400
 * naming it (a client sending `accountId` instead of `accountIds` finds out at once).
 */
export function parseBody<S extends z.ZodObject>(schema: S, ctx: RouteContext): z.infer<S> {
  const body = ctx.body;
  if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest("Request body must be a JSON object");
  }
  const result = schema.safeParse(body);
  if (!result.success) throw fromZodError(result.error, body);
  if (ctx.strict) {
    for (const key of Object.keys(body)) {
      if (!(key in schema.shape)) throw badRequest(`${key}: unknown field`);
    }
  }
  return result.data;
}

/**
 * Trait update semantics (reference §3.2): sent keys are merged, omitted keys kept, `null`
 * deletes. Keys are opaque strings: `vitally.custom.x` is one key, not a path.
 */
export function mergeTraits(current: Traits, patch: Traits | undefined): Traits {
  if (!patch) return current;
  const merged = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

interface Identifiable {
  id: string;
  externalId?: string | null;
}

/** Finds by Vitally id, then (where the reference allows it) by externalId. */
export function findRecord<T extends Identifiable>(
  map: Map<string, T>,
  ref: string,
  allowExternalId: boolean,
): T | undefined {
  const byId = map.get(ref);
  if (byId) return byId;
  if (!allowExternalId) return undefined;
  for (const record of map.values()) if (record.externalId === ref) return record;
  return undefined;
}

export function requireRecord<T extends Identifiable>(
  map: Map<string, T>,
  ref: string,
  what: string,
  allowExternalId: boolean,
): T {
  const record = findRecord(map, ref, allowExternalId);
  if (!record) throw notFound(what);
  return record;
}

export function findByExternalId<T extends Identifiable>(
  values: Iterable<T>,
  externalId: string | null | undefined,
): T | undefined {
  if (externalId === null || externalId === undefined) return undefined;
  for (const record of values) if (record.externalId === externalId) return record;
  return undefined;
}

/** A referenced id in a body must exist (reference §13 #8): 400 naming the field. */
export function requireReference<T>(map: Map<string, T>, id: string, field: string): T {
  const record = map.get(id);
  if (!record) throw badRequest(`${field}: no record with id "${id}"`);
  return record;
}

/** The `archived` list filter: true → only deleted, false → only active, absent → `fallback`. */
export function archivedFilter(
  query: URLSearchParams,
  fallback: "active" | "all",
): (record: { archivedAt: string | null }) => boolean {
  const raw = query.get("archived");
  if (raw === "true") return (r) => r.archivedAt !== null;
  if (raw === "false" || (raw === null && fallback === "active")) return (r) => r.archivedAt === null;
  if (raw === null) return () => true;
  throw badRequest("archived must be true or false");
}

export function* filterValues<T>(map: Map<string, T>, keep: (record: T) => boolean): Iterable<T> {
  for (const record of map.values()) if (keep(record)) yield record;
}

/** Normalises an ISO date(-time) the client sent; date-only values stay date-only. */
export function isoOrNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return new Date(value).toISOString();
}

/** POST with an externalId already in use (reference §10, §16 q2): strict → 400, lenient → upsert. */
export function rejectDuplicateExternalId(ctx: RouteContext, what: string, externalId: string): void {
  if (ctx.strict) throw badRequest(`externalId: a ${what} with externalId "${externalId}" already exists`);
}

/** PUT that tries to change a create-only externalId (reference §3.1): strict → 400, lenient → ignored. */
export function guardCreateOnlyExternalId(
  ctx: RouteContext,
  current: string | null,
  sent: string | null | undefined,
): void {
  if (ctx.strict && sent !== undefined && sent !== current) {
    throw badRequest("externalId: can only be set on create");
  }
}

export function newId(): string {
  return randomUUID();
}

/** A copy of `record` without `keys` (to reuse a create body as an update body). */
export function omitKeys<T extends object, K extends keyof T>(record: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}
