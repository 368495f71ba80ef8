import { SalesforceError, invalidField } from "./errors";
import { normalizeId } from "./ids";
import type { FieldDef, ObjectDef } from "./schema";
import { fieldAccess, visibleField } from "./security";
import type { Org, SfRecord } from "./store";

/**
 * Writes through the REST API (reference §3.3–§3.5, §6 #8–#9): field existence and FLS, required
 * fields, lengths, email format, picklists, lookups, unique fields. Each failure is the
 * `SalesforceError` Salesforce would answer.
 */

export type WriteMode = "create" | "update";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function unknownColumn(def: ObjectDef, name: string): SalesforceError {
  return invalidField(`No such column '${name}' on sobject of type ${def.name}`);
}

function notWritable(name: string): SalesforceError {
  return new SalesforceError(
    400,
    "INVALID_FIELD_FOR_INSERT_UPDATE",
    `Unable to create/update fields: ${name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    [name],
  );
}

function jsonError(f: FieldDef, value: unknown): SalesforceError {
  return new SalesforceError(400, "JSON_PARSER_ERROR", `Cannot deserialize instance of ${f.type} from ${JSON.stringify(value)} for field ${f.name}`);
}

function coerce(org: Org, f: FieldDef, value: unknown): unknown {
  if (value === null) return null;
  switch (f.type) {
    case "boolean":
      if (typeof value !== "boolean") throw jsonError(f, value);
      return value;
    case "double":
      if (typeof value !== "number") throw jsonError(f, value);
      return value;
    case "datetime": {
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
        throw new SalesforceError(400, "INVALID_TYPE_ON_FIELD_IN_RECORD", `${f.label}: value not of required type: ${String(value)}`, [f.name]);
      }
      return new Date(value).toISOString().replace("Z", "+0000");
    }
    case "reference":
      return checkReference(org, f, value);
    default:
      break;
  }
  if (typeof value !== "string") throw jsonError(f, value);
  if (f.length > 0 && value.length > f.length) {
    throw new SalesforceError(400, "STRING_TOO_LONG", `${f.label}: data value too large: ${value.slice(0, 40)} (max length=${f.length})`, [f.name]);
  }
  if (f.type === "email" && value !== "" && !EMAIL.test(value)) {
    throw new SalesforceError(400, "INVALID_EMAIL_ADDRESS", `${f.label}: invalid email address: ${value}`, [f.name]);
  }
  if (f.type === "picklist" && f.restrictedPicklist && value !== "" && !(f.picklistValues ?? []).includes(value)) {
    throw new SalesforceError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `${f.label}: bad value for restricted picklist field: ${value}`, [f.name]);
  }
  return value === "" ? null : value;
}

function checkReference(org: Org, f: FieldDef, value: unknown): string {
  const id = typeof value === "string" ? normalizeId(value) : null;
  if (!id) throw new SalesforceError(400, "MALFORMED_ID", `${f.label}: id value of incorrect type: ${String(value)}`, [f.name]);
  const target = org.objectOfId(id);
  if (!target || !(f.referenceTo ?? []).includes(target.name)) {
    const prefixMatches = (f.referenceTo ?? []).some((name) => org.object(name)?.keyPrefix === id.slice(0, 3));
    if (prefixMatches) {
      throw new SalesforceError(400, "INVALID_CROSS_REFERENCE_KEY", `invalid cross reference id`, [f.name]);
    }
    throw new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", `field integrity exception: unknown (${f.label}: id value of incorrect type: ${id})`, [f.name]);
  }
  return id;
}

/** Validated field values of a write body (attributes and Id removed by the caller). */
export function validateWrite(org: Org, userId: string, def: ObjectDef, body: Record<string, unknown>, mode: WriteMode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const f = visibleField(org, userId, def, name);
    if (!f) throw unknownColumn(def, name);
    const allowed = (mode === "create" ? f.createable : f.updateable) && fieldAccess(org, userId, def, f).edit;
    if (!allowed) throw notWritable(f.name);
    out[f.name] = coerce(org, f, value);
  }
  if (mode === "create") {
    const missing = [...def.fields.values()].filter((f) => f.required && f.createable && (out[f.name] === undefined || out[f.name] === null));
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", `Required fields are missing: [${names.join(", ")}]`, names);
    }
  }
  return out;
}

function sameValue(f: FieldDef, a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string" && !f.caseSensitive) return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function checkUnique(org: Org, def: ObjectDef, values: Record<string, unknown>, selfId: string | null): void {
  for (const [name, value] of Object.entries(values)) {
    const f = def.fields.get(name.toLowerCase());
    if (!f?.unique || value === null || value === undefined) continue;
    const clash = org.all(def.name).find((r) => r.Id !== selfId && sameValue(f, r[f.name], value));
    if (clash) {
      throw new SalesforceError(400, "DUPLICATE_VALUE", `duplicate value found: ${f.name} duplicates value on record with id: ${clash.Id}`, [f.name]);
    }
  }
}

function checkFieldPermissions(org: Org, values: Record<string, unknown>, selfId: string | null, current?: SfRecord): void {
  const merged = { ...current, ...values };
  if (merged.PermissionsEdit === true && merged.PermissionsRead !== true) {
    throw new SalesforceError(400, "FIELD_INTEGRITY_EXCEPTION", "Permission Edit depends on permission(s): Read", ["PermissionsEdit"]);
  }
  if (!current) {
    const fieldName = String(merged.Field ?? "");
    const [objectName, fname, extra] = fieldName.split(".");
    const def = objectName ? org.object(objectName) : undefined;
    const f = fname && !extra ? def?.fields.get(fname.toLowerCase()) : undefined;
    if (!def || !f || String(merged.SobjectType ?? "").toLowerCase() !== def.name.toLowerCase()) {
      throw new SalesforceError(400, "INVALID_FIELD", `Field Name: bad value for restricted picklist field: ${fieldName}`, ["Field"]);
    }
    if (!f.fls || f.required) {
      // Standard and universally required fields have no FieldPermissions (reference §4.7).
      throw new SalesforceError(400, "INVALID_FIELD", `Field Name: bad value for restricted picklist field: ${fieldName}`, ["Field"]);
    }
    const dup = org
      .all("FieldPermissions")
      .find((r) => r.Id !== selfId && r.ParentId === merged.ParentId && String(r.Field).toLowerCase() === fieldName.toLowerCase());
    if (dup) {
      throw new SalesforceError(400, "DUPLICATE_VALUE", `duplicate value found: <unknown> duplicates value on record with id: ${dup.Id}`, []);
    }
    values.Field = `${def.name}.${f.name}`;
    values.SobjectType = def.name;
  }
}

function refreshCompound(def: ObjectDef, record: SfRecord): void {
  if (def.name === "Contact" || def.name === "User") {
    const first = typeof record.FirstName === "string" ? record.FirstName : "";
    const last = typeof record.LastName === "string" ? record.LastName : "";
    if (def.name === "Contact") record.Name = [first, last].filter(Boolean).join(" ");
  }
}

export function createRecord(org: Org, userId: string, def: ObjectDef, body: Record<string, unknown>): SfRecord {
  const values = validateWrite(org, userId, def, body, "create");
  if (def.name === "FieldPermissions") checkFieldPermissions(org, values, null);
  checkUnique(org, def, values, null);
  const record = org.insert(def.name, values);
  refreshCompound(def, record);
  return record;
}

export function updateRecord(org: Org, userId: string, def: ObjectDef, record: SfRecord, body: Record<string, unknown>): SfRecord {
  const values = validateWrite(org, userId, def, body, "update");
  if (def.name === "FieldPermissions") checkFieldPermissions(org, values, record.Id, record);
  checkUnique(org, def, values, record.Id);
  Object.assign(record, values);
  const stamp = org.timestamp();
  record.LastModifiedDate = stamp;
  record.SystemModstamp = stamp;
  refreshCompound(def, record);
  return record;
}

/** Matches for an external-id value (reference §3.4: case-insensitive only for unique + not caseSensitive). */
export function findByExternalId(org: Org, def: ObjectDef, f: FieldDef, value: string): SfRecord[] {
  const insensitive = f.unique && !f.caseSensitive;
  return org.all(def.name).filter((r) => {
    const v = r[f.name];
    if (typeof v !== "string") return false;
    return insensitive ? v.toLowerCase() === value.toLowerCase() : v === value;
  });
}

/** The record body a REST GET shows: attributes first, then the visible fields. */
export function presentRecord(org: Org, userId: string, def: ObjectDef, record: SfRecord, version: string, only?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${record.Id}` } };
  const fields = only ?? [...def.fields.values()].map((f) => f.name);
  for (const name of fields) {
    const f = visibleField(org, userId, def, name);
    if (!f) throw unknownColumn(def, name);
    out[f.name] = record[f.name] ?? null;
  }
  return out;
}
