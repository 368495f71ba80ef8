import { badRequest } from "../errors";
import { paginate, parsePageQuery } from "../pagination";
import { newId, parseBody, requireRecord } from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { KNOWN_FIELD_TYPES, ZCustomObjectCreate, ZCustomObjectUpdate } from "../schemas";
import type { CustomFieldRecord, CustomObjectRecord } from "../types";

/**
 * Custom object definitions, reference §8.12: created and extended with fields over REST; each
 * field gets a `path` like `vitally.custom.customFieldLabel1` that instances use as trait key.
 */

export function camelCaseLabel(label: string): string {
  const words = label.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length === 0) return "field";
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
}

function addFields(
  ctx: RouteContext,
  current: CustomFieldRecord[],
  inputs: Array<{ label: string; type: string }> | undefined,
): CustomFieldRecord[] {
  const fields = [...current];
  inputs?.forEach((input, i) => {
    if (ctx.strict && !(KNOWN_FIELD_TYPES as readonly string[]).includes(input.type)) {
      throw badRequest(`customFields[${i}].type: must be one of ${KNOWN_FIELD_TYPES.join(", ")}`);
    }
    // Updating with a label the object already has keeps that field: PUT only adds fields.
    if (fields.some((f) => f.label === input.label)) return;
    const base = `vitally.custom.${camelCaseLabel(input.label)}`;
    let path = base;
    for (let n = 2; fields.some((f) => f.path === path); n += 1) path = `${base}${n}`;
    fields.push({ id: newId(), label: input.label, type: input.type, path, createdAt: ctx.ws.stamp() });
  });
  return fields;
}

function update(ctx: RouteContext, object: CustomObjectRecord): CustomObjectRecord {
  const body = parseBody(ZCustomObjectUpdate, ctx);
  if (body.name !== undefined && body.name !== object.name) {
    const taken = [...ctx.ws.data.customObjects.values()].some((o) => o.name === body.name);
    if (taken) throw badRequest(`name: a custom object named "${body.name}" already exists`);
  }
  const next: CustomObjectRecord = {
    ...object,
    name: body.name ?? object.name,
    label: body.label ?? object.label,
    writeMode: body.writeMode ?? object.writeMode,
    customFields: addFields(ctx, object.customFields, body.customFields),
    updatedAt: ctx.ws.stamp(),
  };
  ctx.ws.data.customObjects.set(object.id, next);
  return next;
}

export const customObjectRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/customObjects",
    handler: (ctx) => ok(paginate(ctx.ws.data.customObjects.values(), parsePageQuery(ctx.query, ctx.strict), (o) => o)),
  },
  {
    method: "GET",
    path: "/customObjects/:id",
    handler: (ctx) => ok(requireRecord(ctx.ws.data.customObjects, ctx.params.id ?? "", "Custom object", false)),
  },
  {
    method: "POST",
    path: "/customObjects",
    handler: (ctx) => {
      const body = parseBody(ZCustomObjectCreate, ctx);
      const existing = [...ctx.ws.data.customObjects.values()].find((o) => o.name === body.name);
      if (existing) {
        if (ctx.strict) throw badRequest(`name: a custom object named "${body.name}" already exists`);
        return ok(update(ctx, existing));
      }
      const stamp = ctx.ws.stamp();
      const object: CustomObjectRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        name: body.name,
        label: body.label,
        writeMode: body.writeMode,
        syncActive: true,
        customFields: addFields(ctx, [], body.customFields),
      };
      ctx.ws.data.customObjects.set(object.id, object);
      return ok(object);
    },
  },
  {
    method: "PUT",
    path: "/customObjects/:id",
    handler: (ctx) => ok(update(ctx, requireRecord(ctx.ws.data.customObjects, ctx.params.id ?? "", "Custom object", false))),
  },
];
