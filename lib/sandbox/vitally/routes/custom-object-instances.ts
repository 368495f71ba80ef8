import { badRequest, notFound } from "../errors";
import { presentInstance } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import { archivedFilter, findRecord, mergeTraits, newId, omitKeys, parseBody, requireRecord } from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZInstanceCreate, ZInstanceUpdate } from "../schemas";
import type { CustomObjectInstanceRecord, CustomObjectRecord, Traits } from "../types";

/**
 * Custom object instances, reference §8.12: linked to an account (`customerId`) and/or an
 * organization; traits keyed by the object's field paths, merged on PUT with `null` deleting.
 * There is no GET by instance id (search `?id=` instead) and no bulk delete (§11).
 */

function customObjectOf(ctx: RouteContext): CustomObjectRecord {
  return requireRecord(ctx.ws.data.customObjects, ctx.params.coId ?? "", "Custom object", false);
}

function instancesOf(ctx: RouteContext, objectId: string): CustomObjectInstanceRecord[] {
  const out: CustomObjectInstanceRecord[] = [];
  for (const i of ctx.ws.data.customObjectInstances.values()) if (i.customObjectId === objectId) out.push(i);
  return out;
}

/** Strict: every trait key must be a field of the custom object (a trait Vitally does not know). */
function checkTraits(ctx: RouteContext, object: CustomObjectRecord, traits: Traits | undefined): void {
  if (!ctx.strict || !traits) return;
  const paths = new Set(object.customFields.map((f) => f.path));
  for (const key of Object.keys(traits)) {
    if (!paths.has(key)) throw badRequest(`traits.${key}: not a field of custom object "${object.name}"`);
  }
}

function checkLinks(ctx: RouteContext, links: { customerId?: string | null; organizationId?: string | null }): void {
  if (links.customerId && !ctx.ws.data.accounts.has(links.customerId)) {
    throw badRequest(`customerId: no account with id "${links.customerId}"`);
  }
  if (links.organizationId && !ctx.ws.data.organizations.has(links.organizationId)) {
    throw badRequest(`organizationId: no organization with id "${links.organizationId}"`);
  }
}

/** Strict: externalIds are unique among a custom object's active (not archived) instances. */
function checkExternalIdFree(ctx: RouteContext, objectId: string, externalId: string | null | undefined, self?: string) {
  if (!externalId) return;
  const taken = ctx.ws.activeInstanceByExternalId(objectId, externalId);
  if (taken && taken.id !== self && ctx.strict) throw badRequest(`externalId: an instance with externalId "${externalId}" already exists`);
}

function update(ctx: RouteContext, object: CustomObjectRecord, instance: CustomObjectInstanceRecord) {
  const body = parseBody(ZInstanceUpdate, ctx);
  checkTraits(ctx, object, body.traits);
  checkLinks(ctx, body);
  checkExternalIdFree(ctx, object.id, body.externalId, instance.id);
  const pick = <T>(sent: T | undefined, current: T) => (sent === undefined ? current : sent);
  const next: CustomObjectInstanceRecord = {
    ...instance,
    name: body.name ?? instance.name,
    externalId: pick(body.externalId, instance.externalId),
    customerId: pick(body.customerId, instance.customerId),
    organizationId: pick(body.organizationId, instance.organizationId),
    ownedByVitallyUserId: pick(body.ownedByVitallyUserId, instance.ownedByVitallyUserId),
    traits: mergeTraits(instance.traits, body.traits),
    updatedAt: ctx.ws.stamp(),
  };
  if (ctx.strict && !next.customerId && !next.organizationId) {
    throw badRequest("customerId: an instance must stay linked to an account or an organization");
  }
  ctx.ws.putInstance(next);
  return next;
}

const SEARCH_CRITERIA = ["id", "externalId", "customerId", "organizationId"] as const;

function search(ctx: RouteContext) {
  const object = customObjectOf(ctx);
  const q = ctx.query;
  const criteria: Array<(i: CustomObjectInstanceRecord) => boolean> = [];
  for (const c of SEARCH_CRITERIA) {
    const value = q.get(c);
    if (value !== null) criteria.push((i) => i[c] === value);
  }
  const fieldId = q.get("customFieldId");
  const fieldValue = q.get("customFieldValue");
  const fieldPath = (ref: string) => {
    const field = object.customFields.find((f) => f.id === ref || (!ctx.strict && f.path === ref));
    if (!field) throw badRequest(`customFieldId: no field with id "${ref}" on custom object "${object.name}"`);
    return field.path;
  };
  if (fieldId !== null && fieldValue !== null) {
    const path = fieldPath(fieldId);
    criteria.push((i) => i.traits[path] !== undefined && String(i.traits[path]) === fieldValue);
  } else if (fieldId !== null || fieldValue !== null) {
    // FT reads the pair as one criterion; withone lists each alone (§15). Strict takes FT's reading.
    if (ctx.strict) throw badRequest("customFieldId and customFieldValue must be sent together");
    if (fieldId !== null) {
      const path = fieldPath(fieldId);
      criteria.push((i) => i.traits[path] !== undefined);
    } else {
      criteria.push((i) => Object.values(i.traits).some((v) => String(v) === fieldValue));
    }
  }
  if (criteria.length !== 1) {
    throw badRequest("Exactly one of id, externalId, customerId, organizationId, customFieldId+customFieldValue is required");
  }
  const [matches] = criteria as [(i: CustomObjectInstanceRecord) => boolean];
  // A bare array, not the paginated envelope (FT OBS, §4). `?id=` and `?externalId=` are lookups.
  const byId = q.get("id");
  const byExternalId = q.get("externalId");
  const direct =
    byId !== null ? ctx.ws.data.customObjectInstances.get(byId) : byExternalId !== null ? ctx.ws.activeInstanceByExternalId(object.id, byExternalId) : null;
  const candidates =
    byId !== null || byExternalId !== null ? (direct && direct.customObjectId === object.id ? [direct] : []) : instancesOf(ctx, object.id);
  return ok(
    (candidates as CustomObjectInstanceRecord[])
      .filter((i) => i.archivedAt === null && matches(i))
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
      .map((i) => presentInstance(ctx.ws, i)),
  );
}

export const customObjectInstanceRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/customObjects/:coId/instances",
    handler: (ctx) => {
      const object = customObjectOf(ctx);
      const archived = archivedFilter(ctx.query, "active");
      const keep = (i: CustomObjectInstanceRecord) => i.customObjectId === object.id && archived(i);
      return ok(paginate(ctx.ws.data.customObjectInstances.values(), parsePageQuery(ctx.query, ctx.strict), (i) => presentInstance(ctx.ws, i), keep));
    },
  },
  { method: "GET", path: "/customObjects/:coId/instances/search", handler: search },
  {
    method: "POST",
    path: "/customObjects/:coId/instances",
    handler: (ctx) => {
      const object = customObjectOf(ctx);
      const body = parseBody(ZInstanceCreate, ctx);
      const existing = body.externalId ? ctx.ws.activeInstanceByExternalId(object.id, body.externalId) : undefined;
      if (existing) {
        checkExternalIdFree(ctx, object.id, body.externalId);
        ctx.body = omitKeys(body, ["createdByVitallyUserId"]);
        return ok(presentInstance(ctx.ws, update(ctx, object, existing)));
      }
      checkTraits(ctx, object, body.traits);
      checkLinks(ctx, body);
      if (ctx.strict && !body.customerId && !body.organizationId) {
        throw badRequest("customerId: one of customerId or organizationId is required");
      }
      const stamp = ctx.ws.stamp();
      const instance: CustomObjectInstanceRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        customObjectId: object.id,
        name: body.name,
        externalId: body.externalId ?? null,
        customerId: body.customerId ?? null,
        organizationId: body.organizationId ?? null,
        createdByVitallyUserId: body.createdByVitallyUserId ?? null,
        ownedByVitallyUserId: body.ownedByVitallyUserId ?? null,
        traits: mergeTraits({}, body.traits),
        archivedAt: null,
      };
      ctx.ws.putInstance(instance);
      return ok(presentInstance(ctx.ws, instance));
    },
  },
  {
    method: "PUT",
    path: "/customObjects/:coId/instances/:instanceId",
    handler: (ctx) => {
      const object = customObjectOf(ctx);
      const instance = findInstance(ctx, object);
      return ok(presentInstance(ctx.ws, update(ctx, object, instance)));
    },
  },
  {
    method: "DELETE",
    path: "/customObjects/:coId/instances/:instanceId",
    handler: (ctx) => {
      const object = customObjectOf(ctx);
      const instance = findInstance(ctx, object);
      const stamp = ctx.ws.stamp();
      const archived = { ...instance, archivedAt: instance.archivedAt ?? stamp, updatedAt: stamp };
      ctx.ws.putInstance(archived);
      return ok(presentInstance(ctx.ws, archived));
    },
  },
];

/** Vitally id in the path; lenient mode also takes the instance's externalId. */
function findInstance(ctx: RouteContext, object: CustomObjectRecord): CustomObjectInstanceRecord {
  const ref = ctx.params.instanceId ?? "";
  const byId = findRecord(ctx.ws.data.customObjectInstances, ref, false);
  if (byId && byId.customObjectId === object.id) return byId;
  if (!ctx.strict) {
    const byExternal = ctx.ws.activeInstanceByExternalId(object.id, ref);
    if (byExternal) return byExternal;
  }
  throw notFound("Custom object instance");
}
