import { badRequest } from "../errors";
import { presentAccount } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import { deleteAccountCascade } from "../relations";
import {
  filterValues,
  findByExternalId,
  findRecord,
  guardCreateOnlyExternalId,
  mergeTraits,
  newId,
  parseBody,
  rejectDuplicateExternalId,
  requireRecord,
} from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZAccountCreate, ZAccountUpdate } from "../schemas";
import type { AccountRecord } from "../types";

/** Accounts, reference §8.2. An account belongs to at most one organization (§9). */

function isChurned(account: AccountRecord): boolean {
  const churnedAt = account.traits.churnedAt;
  return churnedAt !== undefined && churnedAt !== null;
}

/** `organizationId` in a body: the org's Vitally id, or (PUT, §3.1) its externalId; null unlinks. */
function resolveOrganizationId(ctx: RouteContext, ref: string | null | undefined, allowExternalId: boolean) {
  if (ref === undefined || ref === null) return ref;
  const org = findRecord(ctx.ws.data.organizations, ref, allowExternalId);
  if (!org) throw badRequest(`organizationId: no organization with id "${ref}"`);
  return org.id;
}

function update(ctx: RouteContext, account: AccountRecord): AccountRecord {
  const body = parseBody(ZAccountUpdate, ctx);
  guardCreateOnlyExternalId(ctx, account.externalId, body.externalId);
  if (ctx.strict && body.name !== undefined && body.name !== account.name) {
    throw badRequest("name: is not editable via the REST API");
  }
  const organizationId = resolveOrganizationId(ctx, body.organizationId, true);
  const next: AccountRecord = {
    ...account,
    name: body.name ?? account.name,
    organizationId: organizationId === undefined ? account.organizationId : organizationId,
    accountOwnerId: body.accountOwnerId === null ? null : account.accountOwnerId,
    traits: mergeTraits(account.traits, body.traits),
    updatedAt: ctx.ws.stamp(),
  };
  ctx.ws.data.accounts.set(account.id, next);
  return next;
}

function statusFilter(ctx: RouteContext): (a: AccountRecord) => boolean {
  const status = ctx.query.get("status") ?? "active";
  if (status === "active") return (a) => !isChurned(a);
  if (status === "churned") return isChurned;
  if (status === "activeOrChurned") return () => true;
  throw badRequest("status must be one of active, churned, activeOrChurned");
}

export const accountRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/accounts",
    handler: (ctx) => {
      const keep = statusFilter(ctx);
      const page = parsePageQuery(ctx.query, ctx.strict);
      return ok(paginate(filterValues(ctx.ws.data.accounts, keep), page, (a) => presentAccount(ctx.ws, a)));
    },
  },
  {
    method: "GET",
    path: "/accounts/:id",
    handler: (ctx) => ok(presentAccount(ctx.ws, requireRecord(ctx.ws.data.accounts, ctx.params.id ?? "", "Account", true))),
  },
  {
    method: "GET",
    path: "/accounts/:id/healthScores",
    handler: (ctx) => {
      // The reference does not document this response (§8.2); the sandbox has no health scores.
      const account = requireRecord(ctx.ws.data.accounts, ctx.params.id ?? "", "Account", true);
      return ok({ accountId: account.id, healthScore: null, results: [] });
    },
  },
  {
    method: "POST",
    path: "/accounts",
    handler: (ctx) => {
      const body = parseBody(ZAccountCreate, ctx);
      const existing = findByExternalId(ctx.ws.data.accounts.values(), body.externalId);
      if (existing) {
        rejectDuplicateExternalId(ctx, "account", body.externalId);
        return ok(presentAccount(ctx.ws, update(ctx, existing)));
      }
      const organizationId = resolveOrganizationId(ctx, body.organizationId, !ctx.strict) ?? null;
      const stamp = ctx.ws.stamp();
      const account: AccountRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        externalId: body.externalId,
        name: body.name,
        organizationId,
        accountOwnerId: null,
        traits: mergeTraits({}, body.traits),
      };
      ctx.ws.data.accounts.set(account.id, account);
      return ok(presentAccount(ctx.ws, account));
    },
  },
  {
    method: "PUT",
    path: "/accounts/:id",
    handler: (ctx) => ok(presentAccount(ctx.ws, update(ctx, requireRecord(ctx.ws.data.accounts, ctx.params.id ?? "", "Account", true)))),
  },
  {
    method: "DELETE",
    path: "/accounts/:id",
    handler: (ctx) => {
      const account = requireRecord(ctx.ws.data.accounts, ctx.params.id ?? "", "Account", true);
      const shown = presentAccount(ctx.ws, account);
      deleteAccountCascade(ctx.ws, account);
      return ok(shown);
    },
  },
];
