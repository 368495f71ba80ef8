import { z } from "zod";
import { SalesforceError, notFoundResource } from "./errors";
import { KEY_PREFIXES, newSalesforceId, normalizeId } from "./ids";
import type { RestContext, RestResult } from "./rest";
import { field, objectDef, type FieldDef, type ObjectDef } from "./schema";
import type { Org } from "./store";

/**
 * Schema creation through the Tooling REST API (reference §4.1, §4.5): `POST
 * /tooling/sobjects/CustomObject` and `/CustomField` with `{FullName, Metadata}`, `PATCH
 * /tooling/sobjects/CustomField/<id>` (204). Metadata is validated with the rules of §4.2–§4.3.
 * A new custom field has no field-level security: invisible and unwritable to everyone until
 * FieldPermissions grant it (§4.6) — except universally required fields, which have none (§4.7).
 */

/** Starts with a letter; letters, digits, single underscores; no trailing `_`; ≤ 40 before `__c` (§4.3). */
function validApiName(name: string): boolean {
  const base = name.endsWith("__c") ? name.slice(0, -3) : null;
  return base !== null && base.length <= 40 && /^[A-Za-z][A-Za-z0-9_]*$/.test(base) && !base.includes("__") && !base.endsWith("_");
}

export const ZObjectMetadata = z.looseObject({
  label: z.string().min(1).max(40),
  pluralLabel: z.string().min(1).max(40),
  nameField: z.object({
    type: z.enum(["Text", "AutoNumber"]),
    label: z.string().min(1),
    displayFormat: z.string().optional(),
  }),
  deploymentStatus: z.enum(["Deployed", "InDevelopment"]),
  sharingModel: z.enum(["ReadWrite", "Read", "Private", "ControlledByParent", "PublicReadWrite"]),
  description: z.string().max(1000).optional(),
});

export const ZFieldMetadata = z.looseObject({
  label: z.string().min(1).max(40),
  type: z.enum(["Text", "LongTextArea", "Html", "Url", "Email", "Picklist", "Lookup", "Checkbox", "DateTime", "Number"]),
  length: z.number().int().optional(),
  visibleLines: z.number().int().optional(),
  required: z.boolean().optional(),
  externalId: z.boolean().optional(),
  unique: z.boolean().optional(),
  caseSensitive: z.boolean().optional(),
  description: z.string().max(1000).optional(),
  inlineHelpText: z.string().max(510).optional(),
  referenceTo: z.string().optional(),
  relationshipName: z.string().optional(),
  relationshipLabel: z.string().optional(),
  deleteConstraint: z.enum(["SetNull", "Restrict", "Cascade"]).optional(),
  valueSet: z
    .object({
      restricted: z.boolean().optional(),
      valueSetDefinition: z.object({ sorted: z.boolean().optional(), value: z.array(z.object({ fullName: z.string(), label: z.string().optional(), default: z.boolean().optional() })) }),
    })
    .optional(),
});
export type FieldMetadata = z.infer<typeof ZFieldMetadata>;
export type ObjectMetadata = z.infer<typeof ZObjectMetadata>;

function integrity(message: string, fields: string[] = []): SalesforceError {
  return new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", message, fields);
}

function parseMetadata<S extends z.ZodType>(schema: S, body: unknown): { fullName: string; metadata: z.infer<S> } {
  const obj = body as { FullName?: unknown; Metadata?: unknown } | null;
  if (!obj || typeof obj.FullName !== "string" || obj.FullName === "") throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [FullName]", ["FullName"]);
  const parsed = schema.safeParse(obj.Metadata);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") || "Metadata";
    throw integrity(`${name}: ${issue?.message ?? "invalid"}`, [name]);
  }
  return { fullName: obj.FullName, metadata: parsed.data };
}

export function createCustomObject(org: Org, fullName: string, metadata: ObjectMetadata): ObjectDef {
  if (!validApiName(fullName)) throw integrity(`Invalid API name: ${fullName}`, ["FullName"]);
  if (org.object(fullName)) throw new SalesforceError(400, "DUPLICATE_DEVELOPER_NAME", `There is already an object named ${fullName}.`, ["FullName"]);
  const auto = metadata.nameField.type === "AutoNumber";
  const def = objectDef(
    fullName,
    metadata.label,
    metadata.pluralLabel,
    org.nextCustomPrefix(),
    [field({ name: "Name", label: metadata.nameField.label, type: "string", length: 80, createable: !auto, updateable: !auto, custom: false })],
    true,
  );
  def.durableId = newSalesforceId(KEY_PREFIXES.CustomObject);
  def.metadata = metadata;
  org.addObject(def);
  return def;
}

function fieldDefOf(org: Org, def: ObjectDef, name: string, m: FieldMetadata): FieldDef {
  const base = { name, label: m.label, externalId: m.externalId ?? false, unique: m.unique ?? false, caseSensitive: m.caseSensitive ?? false, required: m.required ?? false, custom: true };
  const lengthIn = (min: number, max: number) => {
    if (m.length === undefined || m.length < min || m.length > max) throw integrity(`Length: must be between ${min} and ${max}`, ["length"]);
    return m.length;
  };
  const linesIn = (min: number) => {
    if (m.visibleLines === undefined || m.visibleLines < min || m.visibleLines > 50) throw integrity(`Visible Lines: must be between ${min} and 50`, ["visibleLines"]);
  };
  if ((m.externalId || m.unique) && !["Text", "Email", "Number"].includes(m.type)) throw integrity(`${m.type} fields cannot be external IDs or unique`, ["externalId"]);
  switch (m.type) {
    case "Text":
      return field({ ...base, type: "string", length: lengthIn(1, 255) });
    case "LongTextArea":
      linesIn(2);
      return field({ ...base, type: "textarea", length: lengthIn(256, 131072) });
    case "Html":
      linesIn(10);
      return field({ ...base, type: "textarea", length: lengthIn(256, 131072), htmlFormatted: true });
    case "Url":
      return field({ ...base, type: "url", length: 255 });
    case "Email":
      return field({ ...base, type: "email", length: 80 });
    case "Checkbox":
      return field({ ...base, type: "boolean" });
    case "DateTime":
      return field({ ...base, type: "datetime" });
    case "Number":
      return field({ ...base, type: "double" });
    case "Picklist": {
      const values = m.valueSet?.valueSetDefinition.value.map((v) => v.fullName);
      if (!values || values.length === 0) throw integrity("Picklist: valueSet with at least one value is required", ["valueSet"]);
      return field({ ...base, type: "picklist", picklistValues: values, restrictedPicklist: m.valueSet?.restricted ?? false });
    }
    case "Lookup": {
      const target = m.referenceTo ? org.object(m.referenceTo) : undefined;
      if (!target) throw integrity(`referenceTo: ${m.referenceTo ?? "(missing)"} is not a valid object`, ["referenceTo"]);
      if (!m.relationshipName) throw integrity("relationshipName: required for a Lookup", ["relationshipName"]);
      if (m.required && (m.deleteConstraint ?? "SetNull") === "SetNull") throw integrity("deleteConstraint: SetNull is not valid for a required lookup", ["deleteConstraint"]);
      return field({ ...base, type: "reference", referenceTo: [target.name], relationshipName: name.replace(/__c$/, "__r") });
    }
  }
}

export function createCustomField(org: Org, fullName: string, metadata: FieldMetadata): FieldDef {
  const [objectName, name, extra] = fullName.split(".");
  const def = objectName ? org.object(objectName) : undefined;
  if (!def || !name || extra !== undefined) throw integrity(`Invalid full name: ${fullName} (expected Object.Field__c)`, ["FullName"]);
  if (!validApiName(name)) throw integrity(`Invalid API name: ${name}`, ["FullName"]);
  if (def.fields.has(name.toLowerCase())) {
    throw new SalesforceError(400, "DUPLICATE_DEVELOPER_NAME", `There is already a field named ${name.replace(/__c$/, "")} on ${def.name}.`, ["FullName"]);
  }
  const f = fieldDefOf(org, def, name, metadata);
  // Universally required fields are visible to all (no FieldPermissions); every other new field
  // starts invisible (reference §4.6, §4.7).
  f.fls = !f.required;
  f.durableId = newSalesforceId(KEY_PREFIXES.CustomField);
  f.metadata = metadata;
  def.fields.set(name.toLowerCase(), f);
  return f;
}

/** Replaces a custom field's definition (Tooling PATCH, Metadata update/upsert); FLS rows stay. */
export function updateCustomField(org: Org, def: ObjectDef, f: FieldDef, metadata: FieldMetadata): FieldDef {
  const next = fieldDefOf(org, def, f.name, metadata);
  const updated = { ...next, fls: !next.required, durableId: f.durableId, metadata };
  def.fields.set(f.name.toLowerCase(), updated);
  return updated;
}

/** Updates a custom object's labels (Metadata update/upsert); its fields stay. */
export function updateCustomObject(def: ObjectDef, metadata: ObjectMetadata): ObjectDef {
  def.label = metadata.label;
  def.labelPlural = metadata.pluralLabel;
  def.metadata = metadata;
  return def;
}

function findField(org: Org, rawId: string): { def: ObjectDef; f: FieldDef } {
  const id = normalizeId(rawId);
  for (const def of org.objects.values()) for (const f of def.fields.values()) if (id && f.durableId === id) return { def, f };
  throw notFoundResource();
}

const created = (id: string): RestResult => ({ status: 201, body: { id, success: true, errors: [], warnings: [], infos: [] } });

export function handleTooling(ctx: RestContext, segments: string[]): RestResult {
  const [first, type, id, ...rest] = segments;
  if (first !== "sobjects" || rest.length > 0) throw notFoundResource();
  if (type === "CustomObject" && !id && ctx.method === "POST") {
    const { fullName, metadata } = parseMetadata(ZObjectMetadata, ctx.body);
    return created(createCustomObject(ctx.org, fullName, metadata).durableId as string);
  }
  if (type === "CustomField" && !id && ctx.method === "POST") {
    const { fullName, metadata } = parseMetadata(ZFieldMetadata, ctx.body);
    return created(createCustomField(ctx.org, fullName, metadata).durableId as string);
  }
  if (type === "CustomField" && id && ctx.method === "PATCH") {
    const { def, f } = findField(ctx.org, id);
    const { fullName, metadata } = parseMetadata(ZFieldMetadata, ctx.body);
    if (fullName.toLowerCase() !== `${def.name}.${f.name}`.toLowerCase()) throw integrity("FullName cannot be changed", ["FullName"]);
    updateCustomField(ctx.org, def, f, metadata);
    return { status: 204 };
  }
  throw notFoundResource();
}
