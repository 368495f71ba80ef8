import { badRequest } from "../errors";
import { ok, type RouteDef } from "../router";
import type { CustomFieldModel, CustomFieldRecord } from "../types";

/**
 * Custom traits (field definitions), reference §8.13: `GET /customFields[?model=…]`, a bare array
 * sorted by label. Traits of the built-in models are created in-app, so they come from seeds; the
 * fields of custom objects come from POST/PUT /customObjects.
 */

const MODELS: readonly CustomFieldModel[] = [
  "users",
  "accounts",
  "organizations",
  "customObjects",
  "tasks",
  "notes",
  "projects",
  "conversations",
  "team",
];

function present(field: CustomFieldRecord) {
  const shown: CustomFieldRecord = { id: field.id, label: field.label, type: field.type, createdAt: field.createdAt, path: field.path };
  if (field.options) shown.options = field.options;
  return shown;
}

export const customFieldRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/customFields",
    handler: (ctx) => {
      const model = ctx.query.get("model");
      if (model !== null && !(MODELS as readonly string[]).includes(model)) {
        throw badRequest(`model must be one of ${MODELS.join(", ")}`);
      }
      const objectFields = (objectId?: string) =>
        [...ctx.ws.data.customObjects.values()].filter((o) => !objectId || o.id === objectId).flatMap((o) => o.customFields);
      let fields: CustomFieldRecord[];
      if (model === "customObjects") {
        const objectId = ctx.query.get("customObjectId");
        if (!objectId) throw badRequest("customObjectId is required when model is customObjects");
        if (!ctx.ws.data.customObjects.has(objectId)) throw badRequest(`customObjectId: no custom object with id "${objectId}"`);
        fields = objectFields(objectId);
      } else {
        const modelFields = [...ctx.ws.data.customFields.values()].filter((f) => model === null || f.model === model);
        fields = model === null ? [...modelFields, ...objectFields()] : modelFields;
      }
      return ok(fields.sort((a, b) => a.label.localeCompare(b.label)).map(present));
    },
  },
];
