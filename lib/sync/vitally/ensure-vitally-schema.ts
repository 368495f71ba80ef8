import { db as defaultDb } from "@/lib/db";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { vitallyClientFor, type VitallyClientDeps } from "@/lib/integrations/vitally/vitally-client-for";
import { recordSyncAttempt } from "@/lib/sync/logs/record-sync-attempt";
import { allRequestTraits, CUSTOM_OBJECT, traitFieldInputs, type TraitDefinition } from "@/lib/vitally/request-traits";
import type { VitallyCall, VitallyClient } from "@/lib/vitally/client";
import type { VitallyCustomField, VitallyCustomObject } from "@/lib/vitally/schemas";
import { paginate } from "@/lib/vitally/client";
import { readSchemaState, type TraitState, type VitallySchemaState } from "@/lib/sync/vitally/schema-state";

const norm = (s: string) => s.trim().toLowerCase();

/** Compares what Ferry writes with the object's fields in Vitally (pure). */
export function compareTraits(wanted: ReadonlyArray<TraitDefinition>, fields: ReadonlyArray<VitallyCustomField>, previous?: VitallySchemaState): TraitState[] {
  const byLabel = new Map(fields.map((f) => [norm(f.label), f]));
  const byPath = new Map(fields.filter((f) => f.path).map((f) => [f.path!, f]));
  const before = new Map((previous?.traits ?? []).map((t) => [t.key, t]));
  return wanted.map((t) => {
    // Fields are found by label. A custom field renamed in Ferry has a new label, so it is added
    // as a new trait (the old one keeps its old values). A trait whose label someone changed in
    // Vitally is still found by the path Ferry recorded for the same label.
    const prior = before.get(t.key);
    const field = byLabel.get(norm(t.label)) ?? (prior?.path && prior.label === t.label ? byPath.get(prior.path) : undefined);
    if (!field) return { key: t.key, label: t.label, type: t.type, path: null, remoteType: null, status: "missing" as const };
    const remoteType = field.type ?? null;
    const typeOk = !remoteType || remoteType === "unknown" || norm(remoteType) === t.type;
    return {
      key: t.key,
      label: t.label,
      type: t.type,
      path: field.path ?? null,
      remoteType,
      status: typeOk ? ("ok" as const) : ("type_mismatch" as const),
    };
  });
}

async function findFerryObject(client: VitallyClient, knownId: string | null): Promise<VitallyCustomObject | null> {
  if (knownId) {
    try {
      return await client.getCustomObject(knownId);
    } catch (err) {
      if (!isExternalApiError(err) || err.kind !== "not_found") throw err;
    }
  }
  for await (const object of paginate((from) => client.listCustomObjects({ from, limit: 100 }))) {
    if (object.name === CUSTOM_OBJECT.name || norm(object.label) === norm(CUSTOM_OBJECT.label)) return object;
  }
  return null;
}

/**
 * Makes sure "Ferry Requests" exists in Vitally with every trait Ferry writes (the catalog plus
 * one per custom tag/category), adding only what is missing. Idempotent: run twice, it creates
 * nothing twice. Records the field paths in Integration.schemaState and logs the attempt.
 */
export async function ensureVitallySchema(
  input: { workspaceId: string; integrationId: string; trigger: string; repair?: boolean },
  deps: VitallyClientDeps = {},
): Promise<VitallySchemaState & { created: boolean; added: string[] }> {
  const db = deps.db ?? defaultDb();
  const started = performance.now();
  const integration = await requireIntegration(input.workspaceId, input.integrationId, { db });
  const calls: VitallyCall[] = [];
  const client = vitallyClientFor(integration, { ...deps, onCall: (c) => calls.push(c) });
  const customFields = await db.customField.findMany({ where: { workspaceId: input.workspaceId }, select: { key: true, name: true, archivedAt: true } });
  const wanted = allRequestTraits(customFields);
  const previous = readSchemaState(integration.schemaState);

  const log = (outcome: "SYNCED" | "FAILED", message: string, reasonCode?: string) =>
    recordSyncAttempt(
      {
        workspaceId: input.workspaceId,
        integrationId: integration.id,
        provider: "VITALLY",
        kind: "SCHEMA",
        trigger: input.trigger,
        outcome,
        reasonCode,
        message,
        calls: calls.map((c) => ({ method: c.method, path: c.path, status: c.status ?? 0, durationMs: c.durationMs, kind: c.operation })),
        durationMs: Math.round(performance.now() - started),
      },
      { db },
    );

  try {
    let object = await findFerryObject(client, previous.customObjectId);
    let created = false;
    let added: string[] = [];
    if (!object) {
      object = await client.createCustomObject({ ...CUSTOM_OBJECT, customFields: traitFieldInputs(wanted) });
      created = true;
      added = wanted.map((t) => t.label);
    }
    let traits = compareTraits(wanted, object.customFields, previous);
    const missing = wanted.filter((t) => traits.find((s) => s.key === t.key)?.status === "missing");
    if (missing.length > 0) {
      object = await client.addCustomObjectFields(object.id, traitFieldInputs(missing));
      added = [...added, ...missing.map((t) => t.label)];
      traits = compareTraits(wanted, object.customFields, previous);
    }
    const state: VitallySchemaState = { customObjectId: object.id, traits, checkedAt: new Date().toISOString(), error: null };
    await db.integration.update({ where: { id: integration.id }, data: { schemaState: state } });
    const problems = traits.filter((t) => t.status !== "ok");
    await log(
      problems.length ? "FAILED" : "SYNCED",
      created
        ? `Created "${CUSTOM_OBJECT.label}" with ${wanted.length} traits.`
        : added.length
          ? `Added ${added.length} trait${added.length === 1 ? "" : "s"}: ${added.join(", ")}.`
          : problems.length
            ? `${problems.length} trait(s) need attention: ${problems.map((p) => `${p.label} (${p.status})`).join(", ")}.`
            : "Schema up to date; nothing to add.",
      problems.length ? "schema_incomplete" : undefined,
    );
    return { ...state, created, added };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db.integration.update({
      where: { id: integration.id },
      data: { schemaState: { ...previous, error: message.slice(0, 500), checkedAt: new Date().toISOString() } },
    });
    await log("FAILED", message.slice(0, 1000), isExternalApiError(err) && (err.kind === "auth" || err.kind === "forbidden") ? "credentials_rejected" : "destination_unavailable");
    throw err;
  }
}
