import { badRequest } from "../errors";
import { paginate, parsePageQuery } from "../pagination";
import { filterValues, findByExternalId, isoOrNull, newId, parseBody, requireRecord, requireReference } from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZNpsCreate, ZNpsUpdate } from "../schemas";
import type { NpsResponseRecord } from "../types";

/**
 * NPS responses, reference §8.9: unique on externalId (POST creates or updates), `userId` is the
 * user's Vitally id (never its externalId), score 0–10.
 */

function update(ctx: RouteContext, response: NpsResponseRecord): NpsResponseRecord {
  const body = parseBody(ZNpsUpdate, ctx);
  if (ctx.strict) {
    // The docs list these three as required on update too (§8.9).
    for (const field of ["userId", "respondedAt", "score"] as const) {
      if (body[field] === undefined) throw badRequest(`${field} is required`);
    }
    if (body.externalId !== undefined && body.externalId !== response.externalId) {
      throw badRequest("externalId: can only be set on create");
    }
  }
  if (body.userId !== undefined) requireReference(ctx.ws.data.users, body.userId, "userId");
  const next: NpsResponseRecord = {
    ...response,
    userId: body.userId ?? response.userId,
    score: body.score ?? response.score,
    feedback: body.feedback === undefined ? response.feedback : body.feedback,
    respondedAt: body.respondedAt === undefined ? response.respondedAt : (isoOrNull(body.respondedAt) as string),
    updatedAt: ctx.ws.stamp(),
  };
  ctx.ws.data.npsResponses.set(response.id, next);
  return next;
}

function targetFilter(ctx: RouteContext): (r: NpsResponseRecord) => boolean {
  const target = ctx.query.get("target") ?? "accounts";
  const field = target === "accounts" ? "accountIds" : target === "organization" ? "organizationIds" : null;
  if (!field) throw badRequest("target must be one of accounts, organization");
  return (r) => (ctx.ws.data.users.get(r.userId)?.[field].length ?? 0) > 0;
}

export const npsResponseRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/npsResponses",
    handler: (ctx) => {
      const keep = targetFilter(ctx);
      return ok(paginate(filterValues(ctx.ws.data.npsResponses, keep), parsePageQuery(ctx.query, ctx.strict), (r) => r));
    },
  },
  {
    method: "GET",
    path: "/npsResponses/:id",
    handler: (ctx) => ok(requireRecord(ctx.ws.data.npsResponses, ctx.params.id ?? "", "NPS response", true)),
  },
  {
    method: "POST",
    path: "/npsResponses",
    handler: (ctx) => {
      const body = parseBody(ZNpsCreate, ctx);
      const existing = findByExternalId(ctx.ws.data.npsResponses.values(), body.externalId);
      if (existing) return ok(update(ctx, existing));
      requireReference(ctx.ws.data.users, body.userId, "userId");
      const stamp = ctx.ws.stamp();
      const response: NpsResponseRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        externalId: body.externalId ?? null,
        userId: body.userId,
        score: body.score,
        feedback: body.feedback ?? null,
        respondedAt: isoOrNull(body.respondedAt) as string,
      };
      ctx.ws.data.npsResponses.set(response.id, response);
      return ok(response);
    },
  },
  {
    method: "PUT",
    path: "/npsResponses/:id",
    handler: (ctx) => ok(update(ctx, requireRecord(ctx.ws.data.npsResponses, ctx.params.id ?? "", "NPS response", true))),
  },
  {
    method: "DELETE",
    path: "/npsResponses/:id",
    handler: (ctx) => {
      const response = requireRecord(ctx.ws.data.npsResponses, ctx.params.id ?? "", "NPS response", true);
      ctx.ws.data.npsResponses.delete(response.id);
      return ok(response);
    },
  },
];
