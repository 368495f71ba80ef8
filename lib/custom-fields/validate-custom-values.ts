import type { CustomField } from "@/generated/prisma/client";
import type { Issue } from "@/lib/api/parse-input";
import { ZCustomFieldKey, ZCustomValue } from "@/lib/requests/schemas";

export type CustomFieldDefinition = Pick<CustomField, "key" | "name" | "type" | "allowedValues" | "archivedAt">;
export type CustomValue = string | number | string[];

const listValues = (values: string[]) => {
  const shown = values.slice(0, 20).map((v) => `"${v}"`).join(", ");
  return values.length > 20 ? `${shown} …` : shown;
};

/**
 * Checks request custom values against the workspace's definitions. Entries whose key or value
 * shape zod already rejects are skipped (zod names them), so every field at fault is named once.
 * `null` clears a value and is accepted for any key, even an unknown or archived one.
 * Returns the normalised values (multi-select de-duplicated) of the entries that passed.
 */
export function validateCustomValues(
  definitions: ReadonlyArray<CustomFieldDefinition>,
  raw: unknown,
  path: ReadonlyArray<PropertyKey> = ["customFields"],
): { issues: Issue[]; values: Record<string, CustomValue | null> } {
  const issues: Issue[] = [];
  const values: Record<string, CustomValue | null> = {};
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { issues, values };
  const byKey = new Map(definitions.map((d) => [d.key, d]));

  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!ZCustomFieldKey.safeParse(key).success) continue;
    if (value === null) {
      values[key] = null;
      continue;
    }
    if (!ZCustomValue.safeParse(value).success) continue;
    const fail = (message: string) => issues.push({ path: [...path, key], message });
    const def = byKey.get(key);
    if (!def) {
      fail(`Unknown custom field "${key}". Define it first with PUT /api/v1/custom-fields/${key}.`);
      continue;
    }
    if (def.archivedAt) {
      fail(`The custom field "${def.name}" is archived and takes no new values.`);
      continue;
    }
    switch (def.type) {
      case "TEXT":
        if (typeof value !== "string") fail(`"${def.name}" is a text field: give a string.`);
        else values[key] = value;
        break;
      case "NUMBER":
        if (typeof value !== "number" || !Number.isFinite(value)) fail(`"${def.name}" is a number field: give a number.`);
        else values[key] = value;
        break;
      case "SELECT":
        if (typeof value !== "string") fail(`"${def.name}" takes one value: give a string.`);
        else if (!def.allowedValues.includes(value)) fail(`"${value}" is not allowed. Use one of: ${listValues(def.allowedValues)}.`);
        else values[key] = value;
        break;
      case "MULTI_SELECT": {
        if (!Array.isArray(value)) {
          fail(`"${def.name}" takes a list of values: give an array of strings.`);
          break;
        }
        const bad = value.filter((v) => !def.allowedValues.includes(v));
        if (bad.length) fail(`Not allowed: ${listValues(bad)}. Use values from: ${listValues(def.allowedValues)}.`);
        else values[key] = [...new Set(value)];
        break;
      }
    }
  }
  return { issues, values };
}

/** The keys worth loading definitions for (syntactically valid, non-null). */
export function customValueKeys(raw: unknown): string[] {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return [];
  return Object.entries(raw as Record<string, unknown>)
    .filter(([k, v]) => v !== null && ZCustomFieldKey.safeParse(k).success)
    .map(([k]) => k);
}
