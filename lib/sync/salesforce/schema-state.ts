import { z } from "zod";

/**
 * What Ferry knows of its set-up in a Salesforce org (Integration.schemaState), written by
 * ensure-salesforce-schema and shown on the integration's card: the Request__c object, each
 * field with its type and field-level security, the page layouts, and what an admin still has to
 * do by hand (a short checklist with links into Setup).
 */

export const ZSalesforceFieldState = z.object({
  apiName: z.string(),
  label: z.string(),
  /** Metadata type Ferry wants (Text, Html, Lookup…). */
  type: z.string(),
  exists: z.boolean(),
  /** The existing field has the type Ferry writes (false: Ferry leaves it alone; see manualSteps). */
  typeOk: z.boolean(),
  /** Visible and writable for System Administrator (field-level security granted). */
  fls: z.boolean(),
  /** The workspace custom field (CustomField.key) this field holds, if any. */
  customFieldKey: z.string().nullable().default(null),
  /** Why Salesforce refused to create or grant it. */
  error: z.string().nullable().default(null),
});
export type SalesforceFieldState = z.infer<typeof ZSalesforceFieldState>;

export const ZSalesforceLayoutState = z.object({
  /** Metadata full name, e.g. "Request__c-Request Layout". */
  name: z.string(),
  /** ok: everything is on it; updated: Ferry just added items; manual: an admin must add them; missing: no such layout. */
  status: z.enum(["ok", "updated", "manual", "missing", "failed"]),
  /** What Ferry added in this run (field API names or related lists). */
  added: z.array(z.string()).default([]),
  error: z.string().nullable().default(null),
});
export type SalesforceLayoutState = z.infer<typeof ZSalesforceLayoutState>;

export const ZManualStep = z.object({ title: z.string(), detail: z.string().nullable().default(null), url: z.string().nullable().default(null) });
export type ManualStep = z.infer<typeof ZManualStep>;

export const ZSalesforceSchemaState = z.object({
  object: z.object({ apiName: z.string(), exists: z.boolean() }).default({ apiName: "Request__c", exists: false }),
  fields: z.array(ZSalesforceFieldState).default([]),
  layouts: z
    .object({ request: ZSalesforceLayoutState.nullable().default(null), account: ZSalesforceLayoutState.nullable().default(null) })
    .default({ request: null, account: null }),
  manualSteps: z.array(ZManualStep).default([]),
  checkedAt: z.string().nullable().default(null),
  /** The last run's failure, in words (null when it completed). */
  error: z.string().nullable().default(null),
});
export type SalesforceSchemaState = z.infer<typeof ZSalesforceSchemaState>;

export function readSalesforceSchemaState(value: unknown): SalesforceSchemaState {
  const parsed = ZSalesforceSchemaState.safeParse(value ?? {});
  return parsed.success ? parsed.data : ZSalesforceSchemaState.parse({});
}

/** Set-up is complete when the object and every field exist with their type and access. */
export function schemaComplete(state: SalesforceSchemaState): boolean {
  return state.object.exists && state.fields.length > 0 && state.fields.every((f) => f.exists && f.typeOk && f.fls);
}

/** API names of the fields a push can write (exist, right type, access granted). */
export function writableFields(state: SalesforceSchemaState): Set<string> {
  return new Set(state.fields.filter((f) => f.exists && f.typeOk && f.fls).map((f) => f.apiName));
}
