import { badRequest } from "../errors";
import { presentUser } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import {
  findByExternalId,
  guardCreateOnlyExternalId,
  isoOrNull,
  mergeTraits,
  newId,
  parseBody,
  rejectDuplicateExternalId,
  requireRecord,
  requireReference,
} from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZIsoDate, ZUserCreate, ZUserUpdate } from "../schemas";
import type { UserRecord } from "../types";

/** Users, reference §8.3: many accounts and many organizations per user (§9). */

function checkIds(ctx: RouteContext, accountIds: string[] | undefined, organizationIds: string[] | undefined): void {
  accountIds?.forEach((id, i) => requireReference(ctx.ws.data.accounts, id, `accountIds[${i}]`));
  organizationIds?.forEach((id, i) => requireReference(ctx.ws.data.organizations, id, `organizationIds[${i}]`));
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function update(ctx: RouteContext, user: UserRecord): UserRecord {
  const body = parseBody(ZUserUpdate, ctx);
  guardCreateOnlyExternalId(ctx, user.externalId, body.externalId);
  checkIds(ctx, body.accountIds, body.organizationIds);
  // Strict: the links sent are added (the REST API is not documented to remove them, §9).
  const links = (current: string[], sent: string[] | undefined) =>
    sent === undefined ? current : unique(ctx.strict ? [...current, ...sent] : sent);
  const next: UserRecord = {
    ...user,
    accountIds: links(user.accountIds, body.accountIds),
    organizationIds: links(user.organizationIds, body.organizationIds),
    name: body.name === undefined ? user.name : body.name,
    email: body.email === undefined ? user.email : body.email,
    avatar: body.avatar === undefined ? user.avatar : body.avatar,
    joinDate: body.joinDate === undefined ? user.joinDate : isoOrNull(body.joinDate),
    unsubscribedFromConversations: body.unsubscribedFromConversations ?? user.unsubscribedFromConversations,
    traits: mergeTraits(user.traits, body.traits),
    updatedAt: ctx.ws.stamp(),
  };
  ctx.ws.data.users.set(user.id, next);
  return next;
}

const SEARCH_CRITERIA = ["externalId", "email", "emailSubdomain"] as const;

function search(ctx: RouteContext) {
  const given = SEARCH_CRITERIA.filter((c) => ctx.query.has(c));
  if (given.length !== 1) throw badRequest("Exactly one of externalId, email, emailSubdomain is required");
  const criterion = given[0] as (typeof SEARCH_CRITERIA)[number];
  const value = ctx.query.get(criterion) ?? "";
  if (value === "") throw badRequest(`${criterion} must not be empty`);
  const same = (a: string, b: string) => (ctx.strict ? a === b : a.toLowerCase() === b.toLowerCase());
  const keep = (u: UserRecord): boolean => {
    if (criterion === "externalId") return u.externalId === value;
    if (!u.email) return false;
    if (criterion === "email") return same(u.email, value);
    return same(u.email.slice(u.email.lastIndexOf("@") + 1), value);
  };
  const results = [...ctx.ws.data.users.values()]
    .filter(keep)
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
    .map((u) => presentUser(ctx.ws, u));
  return ok({ results });
}

export const userRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/users",
    handler: (ctx) => ok(paginate(ctx.ws.data.users.values(), parsePageQuery(ctx.query, ctx.strict), (u) => presentUser(ctx.ws, u))),
  },
  { method: "GET", path: "/users/search", handler: search },
  {
    method: "GET",
    path: "/users/:id",
    handler: (ctx) => ok(presentUser(ctx.ws, requireRecord(ctx.ws.data.users, ctx.params.id ?? "", "User", true))),
  },
  {
    method: "POST",
    path: "/users",
    handler: (ctx) => {
      const body = parseBody(ZUserCreate, ctx);
      const existing = findByExternalId(ctx.ws.data.users.values(), body.externalId);
      if (existing) {
        rejectDuplicateExternalId(ctx, "user", body.externalId);
        return ok(presentUser(ctx.ws, update(ctx, existing)));
      }
      const accountIds = unique(body.accountIds ?? []);
      const organizationIds = unique(body.organizationIds ?? []);
      if (accountIds.length === 0 && organizationIds.length === 0) {
        throw badRequest("accountIds: at least one of accountIds or organizationIds is required");
      }
      checkIds(ctx, accountIds, organizationIds);
      const stamp = ctx.ws.stamp();
      const user: UserRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        externalId: body.externalId,
        name: body.name ?? null,
        email: body.email ?? null,
        avatar: body.avatar ?? null,
        joinDate: isoOrNull(body.joinDate),
        unsubscribedFromConversations: body.unsubscribedFromConversations ?? false,
        deactivatedAt: null,
        accountIds,
        organizationIds,
        traits: mergeTraits({}, body.traits),
        scheduledDeletionOn: null,
      };
      ctx.ws.data.users.set(user.id, user);
      return ok(presentUser(ctx.ws, user));
    },
  },
  {
    method: "PUT",
    path: "/users/:id",
    handler: (ctx) => ok(presentUser(ctx.ws, update(ctx, requireRecord(ctx.ws.data.users, ctx.params.id ?? "", "User", true)))),
  },
  {
    method: "DELETE",
    path: "/users/:id",
    handler: (ctx) => {
      const user = requireRecord(ctx.ws.data.users, ctx.params.id ?? "", "User", true);
      const deleteOn = ctx.query.get("deleteOn");
      if (deleteOn !== null && !ZIsoDate.safeParse(deleteOn).success) throw badRequest("deleteOn: must be an ISO-8601 date");
      if (ctx.strict) {
        // Observed: 204 at once, the user stays readable and only `updatedAt` moves (§8.3).
        const stamp = ctx.ws.stamp();
        ctx.ws.data.users.set(user.id, { ...user, scheduledDeletionOn: deleteOn ?? stamp, updatedAt: stamp });
      } else {
        ctx.ws.data.users.delete(user.id);
      }
      return { status: 204 };
    },
  },
];
