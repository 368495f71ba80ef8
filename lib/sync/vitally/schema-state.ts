import { z } from "zod";

/** What Ferry knows of the "Ferry Requests" object in Vitally (Integration.schemaState). */
export const ZTraitState = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  /** The Vitally field path values are written under; null when the field is missing. */
  path: z.string().nullable(),
  remoteType: z.string().nullable(),
  status: z.enum(["ok", "missing", "type_mismatch"]),
});
export type TraitState = z.infer<typeof ZTraitState>;

export const ZVitallySchemaState = z.object({
  customObjectId: z.string().nullable().default(null),
  traits: z.array(ZTraitState).default([]),
  checkedAt: z.string().nullable().default(null),
  error: z.string().nullable().default(null),
});
export type VitallySchemaState = z.infer<typeof ZVitallySchemaState>;

export function readSchemaState(value: unknown): VitallySchemaState {
  const parsed = ZVitallySchemaState.safeParse(value ?? {});
  return parsed.success ? parsed.data : ZVitallySchemaState.parse({});
}

export function pathByKey(state: VitallySchemaState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of state.traits) if (t.path) out[t.key] = t.path;
  return out;
}
