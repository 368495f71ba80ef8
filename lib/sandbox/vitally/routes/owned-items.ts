import { badRequest, notFound } from "../errors";
import { findRecord } from "../route-kit";
import type { RouteContext } from "../router";

/**
 * Shared rules of notes and tasks (reference §3.1, §8.7, §8.8): they belong to one account or one
 * organization; the path takes the Vitally id, or the externalId together with `?source=`.
 */

/** REST-created notes and tasks carry this `source` (GUESS: the reference does not say). */
export const REST_SOURCE = "api";

export interface Owner {
  accountId: string | null;
  organizationId: string | null;
}

export function resolveOwner(ctx: RouteContext, sent: { accountId?: string; organizationId?: string }, current?: Owner): Owner {
  if (sent.accountId !== undefined && !ctx.ws.data.accounts.has(sent.accountId)) {
    throw badRequest(`accountId: no account with id "${sent.accountId}"`);
  }
  if (sent.organizationId !== undefined && !ctx.ws.data.organizations.has(sent.organizationId)) {
    throw badRequest(`organizationId: no organization with id "${sent.organizationId}"`);
  }
  const owner: Owner = current
    ? {
        // Moving to an account detaches from the organization and vice versa.
        accountId: sent.accountId ?? (sent.organizationId !== undefined ? null : current.accountId),
        organizationId: sent.organizationId ?? (sent.accountId !== undefined ? null : current.organizationId),
      }
    : { accountId: sent.accountId ?? null, organizationId: sent.organizationId ?? null };
  if (!owner.accountId && !owner.organizationId) throw badRequest("accountId: one of accountId or organizationId is required");
  if (ctx.strict && owner.accountId && owner.organizationId) {
    throw badRequest("organizationId: send either accountId or organizationId, not both");
  }
  return owner;
}

export function findOwnedItem<T extends { id: string; externalId: string | null; source: string | null }>(
  ctx: RouteContext,
  map: Map<string, T>,
  what: string,
): T {
  const ref = ctx.params.id ?? "";
  const byId = map.get(ref);
  if (byId) return byId;
  const source = ctx.query.get("source");
  if (source) {
    for (const record of map.values()) {
      if (record.externalId !== ref) continue;
      if (!ctx.strict || (record.source ?? "").toLowerCase() === source.toLowerCase()) return record;
    }
  }
  throw notFound(what);
}

export function ownerFilter(field: "accountId" | "organizationId", id: string) {
  return (record: Owner) => record[field] === id;
}

export function sourceFilter(query: URLSearchParams): (record: { source: string | null }) => boolean {
  const source = query.get("source");
  if (!source) return () => true;
  return (record) => (record.source ?? "").toLowerCase() === source.toLowerCase();
}

export function checkAdmin(ctx: RouteContext, id: string | null | undefined, field: string): void {
  if (id === null || id === undefined) return;
  if (!findRecord(ctx.ws.data.admins, id, false)) throw badRequest(`${field}: no admin with id "${id}"`);
}
