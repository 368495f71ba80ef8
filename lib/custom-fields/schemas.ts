import { z } from "zod";
import { CUSTOM_FIELD_KIND, CUSTOM_FIELD_TYPE } from "@/lib/requests/enums";
import { LIMITS } from "@/lib/requests/schemas";

export const MAX_ALLOWED_VALUES = 500;

/**
 * A workspace-defined tag or category. `select` and `multi_select` fields list their allowed
 * values; `text` and `number` fields have none. PUT replaces the whole definition.
 */
export const ZUpsertCustomFieldInput = z
  .strictObject({
    name: z.string().trim().min(1, "Must not be empty.").max(LIMITS.shortText),
    kind: CUSTOM_FIELD_KIND.schema.describe("tag or category, as the support platform calls it."),
    type: CUSTOM_FIELD_TYPE.schema,
    allowedValues: z
      .array(z.string().trim().min(1, "Must not be empty.").max(LIMITS.shortText))
      .max(MAX_ALLOWED_VALUES)
      .default([])
      .describe("Required for select and multi_select; must be empty for text and number."),
    description: z.string().max(2000).nullable().optional(),
    archived: z.boolean().default(false).describe("An archived field keeps its values but takes no new ones."),
  })
  .superRefine((f, ctx) => {
    const needsValues = f.type === "select" || f.type === "multi_select";
    if (needsValues && f.allowedValues.length === 0) {
      ctx.addIssue({ code: "custom", path: ["allowedValues"], message: `A ${f.type} field needs at least one allowed value.` });
    }
    if (!needsValues && f.allowedValues.length > 0) {
      ctx.addIssue({ code: "custom", path: ["allowedValues"], message: `A ${f.type} field takes no allowed values.` });
    }
    const seen = new Set<string>();
    f.allowedValues.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: "custom", path: ["allowedValues", i], message: `"${v}" is listed twice.` });
      seen.add(v);
    });
  });

export type UpsertCustomFieldInput = z.input<typeof ZUpsertCustomFieldInput>;

export const ZApiCustomField = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    kind: CUSTOM_FIELD_KIND.schema,
    type: CUSTOM_FIELD_TYPE.schema,
    allowedValues: z.array(z.string()),
    description: z.string().nullable(),
    archived: z.boolean(),
    archivedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  });

export type ApiCustomField = z.infer<typeof ZApiCustomField>;

export const ZApiCustomFieldList = z.object({ data: z.array(ZApiCustomField) });
