import { presentOrganization } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import { deleteOrganizationCascade } from "../relations";
import {
  findByExternalId,
  guardCreateOnlyExternalId,
  mergeTraits,
  newId,
  parseBody,
  rejectDuplicateExternalId,
  requireRecord,
} from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZOrganizationCreate, ZOrganizationUpdate } from "../schemas";
import type { OrganizationRecord } from "../types";

/** Organizations, reference §8.1 (GET/PUT/DELETE by Vitally id or externalId, §3.1). */

function update(ctx: RouteContext, org: OrganizationRecord): OrganizationRecord {
  const body = parseBody(ZOrganizationUpdate, ctx);
  guardCreateOnlyExternalId(ctx, org.externalId, body.externalId);
  const next: OrganizationRecord = {
    ...org,
    name: body.name ?? org.name,
    traits: mergeTraits(org.traits, body.traits),
    updatedAt: ctx.ws.stamp(),
  };
  ctx.ws.data.organizations.set(org.id, next);
  return next;
}

export const organizationRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/organizations",
    handler: (ctx) =>
      ok(paginate(ctx.ws.data.organizations.values(), parsePageQuery(ctx.query, ctx.strict), (o) => presentOrganization(ctx.ws, o))),
  },
  {
    method: "GET",
    path: "/organizations/:id",
    handler: (ctx) =>
      ok(presentOrganization(ctx.ws, requireRecord(ctx.ws.data.organizations, ctx.params.id ?? "", "Organization", true))),
  },
  {
    method: "POST",
    path: "/organizations",
    handler: (ctx) => {
      const body = parseBody(ZOrganizationCreate, ctx);
      const existing = findByExternalId(ctx.ws.data.organizations.values(), body.externalId);
      if (existing) {
        rejectDuplicateExternalId(ctx, "organization", body.externalId);
        return ok(presentOrganization(ctx.ws, update(ctx, existing)));
      }
      const stamp = ctx.ws.stamp();
      const org: OrganizationRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        externalId: body.externalId,
        name: body.name,
        traits: mergeTraits({}, body.traits),
      };
      ctx.ws.data.organizations.set(org.id, org);
      return ok(presentOrganization(ctx.ws, org));
    },
  },
  {
    method: "PUT",
    path: "/organizations/:id",
    handler: (ctx) => {
      const org = requireRecord(ctx.ws.data.organizations, ctx.params.id ?? "", "Organization", true);
      return ok(presentOrganization(ctx.ws, update(ctx, org)));
    },
  },
  {
    method: "DELETE",
    path: "/organizations/:id",
    handler: (ctx) => {
      const org = requireRecord(ctx.ws.data.organizations, ctx.params.id ?? "", "Organization", true);
      const shown = presentOrganization(ctx.ws, org);
      deleteOrganizationCascade(ctx.ws, org);
      return ok(shown);
    },
  },
];
