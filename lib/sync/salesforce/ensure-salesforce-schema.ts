import { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { salesforceClientFor, type SalesforceClientForOptions } from "@/lib/integrations/salesforce/salesforce-client-for";
import { soqlString, type MetadataRecord, type SalesforceClient } from "@/lib/salesforce/client";
import { SALESFORCE_VENDOR, SalesforceApiError } from "@/lib/salesforce/errors";
import {
  allRequestFields,
  DESCRIBE_TYPE,
  fieldMetadata,
  REQUEST_OBJECT,
  requestObjectMetadata,
  type RequestFieldDefinition,
} from "@/lib/salesforce/request-fields";
import type { SalesforceDescribe, SalesforceDescribeField } from "@/lib/salesforce/schemas";
import { recordSyncAttempt } from "@/lib/sync/logs/record-sync-attempt";
import {
  readSalesforceSchemaState,
  schemaComplete,
  type ManualStep,
  type SalesforceFieldState,
  type SalesforceSchemaState,
} from "@/lib/sync/salesforce/schema-state";
import { ensureSalesforceLayouts } from "@/lib/sync/salesforce/ensure-salesforce-schema-layouts";

/**
 * Ferry's set-up in a Salesforce org, done by Ferry (the seed's admin steps 8–13 and its page
 * layout steps): the custom object Request__c, every field Ferry writes (the seed's table plus one
 * per custom tag/category) through the Metadata API, field-level security for System
 * Administrator (FieldPermissions on the profile's permission set, reference §4.7 A), and the page
 * layouts where the Metadata API allows. Idempotent: it only creates what describe and
 * readMetadata show missing, so a second run on a complete org makes two calls (describe, and
 * readMetadata of the two layouts) and writes nothing. The report goes to Integration.schemaState and a SCHEMA sync log.
 */

export const SYSTEM_ADMINISTRATOR = "System Administrator";
const COLLECTION_CHUNK = 200;
const METADATA_CHUNK = 10;

export type EnsureSalesforceSchemaDeps = SalesforceClientForOptions & {
  db?: Db;
  /** A ready client (tests build one from the emulator); otherwise one is made from the integration's credentials. */
  client?: SalesforceClient;
};

export type EnsureSalesforceSchemaResult = SalesforceSchemaState & {
  objectCreated: boolean;
  /** API names created or relabelled in this run. */
  created: string[];
  relabelled: string[];
  /** API names whose field-level security this run granted. */
  granted: string[];
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const norm = (s: string) => s.toLowerCase();

function typeOkFromDescribe(want: RequestFieldDefinition, have: SalesforceDescribeField): boolean {
  if (have.type !== DESCRIBE_TYPE[want.type]) return false;
  if (want.type === "Html" && have.htmlFormatted === false) return false;
  if (want.type === "Lookup") return (have.referenceTo ?? []).some((r) => norm(r) === norm(want.referenceTo ?? ""));
  return true;
}

function metadataFailure(what: string, errors: ReadonlyArray<{ code: string; message: string }>): SalesforceApiError {
  const why = errors.map((e) => `${e.code}: ${e.message}`).join("; ") || "no reason given";
  return new SalesforceApiError({ vendor: SALESFORCE_VENDOR, operation: "metadata.upsertMetadata", kind: "invalid_request", code: errors[0]?.code ?? null, message: `Salesforce refused ${what}: ${why}` });
}

const setupUrl = (instanceUrl: string, path: string) => `${instanceUrl}/lightning/setup/ObjectManager/${path}`;

export async function ensureSalesforceSchema(
  input: { workspaceId: string; integrationId: string; trigger: string },
  deps: EnsureSalesforceSchemaDeps = {},
): Promise<EnsureSalesforceSchemaResult> {
  const db = deps.db ?? defaultDb();
  const started = performance.now();
  const integration = await requireIntegration(input.workspaceId, input.integrationId, { db });
  if (integration.provider !== "SALESFORCE") throw new Error("ensureSalesforceSchema needs a Salesforce integration");
  const client = deps.client ?? salesforceClientFor(integration, { ...deps, db });
  const firstCall = client.calls.length;
  const previous = readSalesforceSchemaState(integration.schemaState);
  const customFields = await db.customField.findMany({ where: { workspaceId: input.workspaceId }, select: { key: true, name: true, archivedAt: true }, orderBy: { createdAt: "asc" } });
  const wanted = allRequestFields(customFields);

  const log = (outcome: "SYNCED" | "FAILED", message: string, reasonCode?: string) =>
    recordSyncAttempt(
      {
        workspaceId: input.workspaceId,
        integrationId: integration.id,
        provider: "SALESFORCE",
        kind: "SCHEMA",
        trigger: input.trigger,
        outcome,
        reasonCode,
        message,
        calls: client.calls.slice(firstCall).map((c) => ({ method: c.method, path: c.path, status: c.status ?? 0, durationMs: c.durationMs, kind: c.operation })),
        durationMs: Math.round(performance.now() - started),
      },
      { db },
    );

  try {
    // 1. The object.
    let describe = await client.describe(REQUEST_OBJECT.apiName);
    let objectCreated = false;
    if (!describe) {
      const [result] = await client.metadata("upsertMetadata", "CustomObject", [requestObjectMetadata()]);
      if (!result?.success) throw metadataFailure(`to create ${REQUEST_OBJECT.apiName}`, result?.errors ?? []);
      objectCreated = result.created ?? true;
    }

    // 2. Fields: describe shows the visible ones; readMetadata tells whether the others exist (no access yet) or not.
    const visible = new Map((describe?.fields ?? []).map((f) => [norm(f.name), f]));
    const hidden = wanted.filter((f) => !visible.has(norm(f.apiName)));
    const records = new Map<string, MetadataRecord>();
    if (!objectCreated) {
      for (const chunk of chunks(hidden, METADATA_CHUNK)) {
        const found = await client.metadata("readMetadata", "CustomField", chunk.map((f) => `${REQUEST_OBJECT.apiName}.${f.apiName}`));
        chunk.forEach((f, i) => {
          const record = found[i];
          if (record) records.set(norm(f.apiName), record);
        });
      }
    }
    const fieldErrors = new Map<string, string>();
    const toCreate = hidden.filter((f) => !records.has(norm(f.apiName)));
    // A renamed custom tag/category keeps its API name (from the key); only the label follows.
    const toRelabel = wanted.filter((f) => {
      if (!f.customFieldKey) return false;
      const d = visible.get(norm(f.apiName));
      const record = records.get(norm(f.apiName));
      if (d) return d.label !== f.label && typeOkFromDescribe(f, d);
      return !!record && record.label !== f.label && record.type === f.type;
    });
    const created: string[] = [];
    const relabelled: string[] = [];
    for (const chunk of chunks([...toCreate, ...toRelabel], METADATA_CHUNK)) {
      const results = await client.metadata("upsertMetadata", "CustomField", chunk.map(fieldMetadata));
      chunk.forEach((f, i) => {
        const r = results[i];
        if (r?.success) (toCreate.includes(f) ? created : relabelled).push(f.apiName);
        else fieldErrors.set(f.apiName, (r?.errors ?? []).map((e) => `${e.code}: ${e.message}`).join("; ") || "Salesforce refused the field");
      });
    }

    // 3. Field-level security for System Administrator where describe does not show the field writable.
    const exists = (f: RequestFieldDefinition) => visible.has(norm(f.apiName)) || records.has(norm(f.apiName)) || created.includes(f.apiName);
    const writable = (f: RequestFieldDefinition) => {
      const d = visible.get(norm(f.apiName));
      return !!d && d.updateable !== false && d.createable !== false;
    };
    const needAccess = wanted.filter((f) => exists(f) && !writable(f));
    const granted: string[] = [];
    const manualSteps: ManualStep[] = [];
    if (needAccess.length > 0) {
      const permissionSet = (
        await client.query(
          `SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND Profile.Name = ${soqlString(SYSTEM_ADMINISTRATOR)}`,
          z.object({ Id: z.string() }),
        )
      ).records[0]?.Id;
      if (!permissionSet) {
        manualSteps.push({
          title: `Give ${SYSTEM_ADMINISTRATOR} access to the Request fields`,
          detail: `Ferry found no "${SYSTEM_ADMINISTRATOR}" profile. In Setup → Object Manager → Request → Fields, set each field Visible (not Read-Only) for the profile Ferry's user has.`,
          url: setupUrl(integrationInstanceUrl(client), `${REQUEST_OBJECT.apiName}/FieldsAndRelationships/view`),
        });
      } else {
        const rows = await client.queryAll(
          `SELECT Id, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE ParentId = ${soqlString(permissionSet)} AND SobjectType = ${soqlString(REQUEST_OBJECT.apiName)}`,
          z.object({ Id: z.string(), Field: z.string(), PermissionsRead: z.boolean(), PermissionsEdit: z.boolean() }),
        );
        const byField = new Map(rows.map((r) => [norm(r.Field), r]));
        const fullName = (f: RequestFieldDefinition) => `${REQUEST_OBJECT.apiName}.${f.apiName}`;
        const inserts = needAccess.filter((f) => !byField.has(norm(fullName(f))));
        const updates = needAccess.flatMap((f) => {
          const row = byField.get(norm(fullName(f)));
          return row && !(row.PermissionsRead && row.PermissionsEdit) ? [{ f, id: row.Id }] : [];
        });
        for (const chunk of chunks(inserts, COLLECTION_CHUNK)) {
          const results = await client.createMany(
            chunk.map((f) => ({ attributes: { type: "FieldPermissions" }, ParentId: permissionSet, SobjectType: REQUEST_OBJECT.apiName, Field: fullName(f), PermissionsRead: true, PermissionsEdit: true })),
          );
          chunk.forEach((f, i) => (results[i]?.success ? granted.push(f.apiName) : fieldErrors.set(f.apiName, (results[i]?.errors ?? []).map((e) => `${e.code}: ${e.message}`).join("; "))));
        }
        for (const chunk of chunks(updates, COLLECTION_CHUNK)) {
          const results = await client.updateMany(chunk.map(({ id }) => ({ attributes: { type: "FieldPermissions" }, id, PermissionsRead: true, PermissionsEdit: true })));
          chunk.forEach(({ f }, i) => (results[i]?.success ? granted.push(f.apiName) : fieldErrors.set(f.apiName, (results[i]?.errors ?? []).map((e) => `${e.code}: ${e.message}`).join("; "))));
        }
      }
    }

    // 4. Check what Salesforce now shows.
    const changed = objectCreated || created.length > 0 || relabelled.length > 0 || granted.length > 0;
    if (changed) describe = await client.describe(REQUEST_OBJECT.apiName);
    const fields = fieldStates(wanted, describe, records, created, fieldErrors);

    // 5. Page layouts (where the Metadata API allows), and the manual checklist.
    const layouts = await ensureSalesforceLayouts({ client, fields: wanted.filter((f) => fields.some((s) => s.apiName === f.apiName && s.fls && s.typeOk)) });
    manualSteps.push(...layouts.manualSteps, ...typeSteps(fields, integrationInstanceUrl(client)));

    const state: SalesforceSchemaState = {
      object: { apiName: REQUEST_OBJECT.apiName, exists: !!describe },
      fields,
      layouts: { request: layouts.request, account: layouts.account },
      manualSteps,
      checkedAt: new Date().toISOString(),
      error: null,
    };
    await db.integration.update({ where: { id: integration.id }, data: { schemaState: state } });
    const complete = schemaComplete(state);
    await log(complete ? "SYNCED" : "FAILED", summary({ objectCreated, created, relabelled, granted, fields, layoutsAdded: [...(layouts.request?.added ?? []), ...(layouts.account?.added ?? [])] }), complete ? undefined : "salesforce_setup_incomplete");
    return { ...state, objectCreated, created, relabelled, granted };
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

function integrationInstanceUrl(client: SalesforceClient): string {
  return client.instanceUrl;
}

function fieldStates(
  wanted: readonly RequestFieldDefinition[],
  describe: SalesforceDescribe | null,
  records: ReadonlyMap<string, MetadataRecord>,
  created: readonly string[],
  errors: ReadonlyMap<string, string>,
): SalesforceFieldState[] {
  const visible = new Map((describe?.fields ?? []).map((f) => [norm(f.name), f]));
  return wanted.map((f) => {
    const d = visible.get(norm(f.apiName));
    const record = records.get(norm(f.apiName));
    const exists = !!d || !!record || created.includes(f.apiName);
    const typeOk = d ? typeOkFromDescribe(f, d) : record ? record.type === f.type : created.includes(f.apiName);
    return {
      apiName: f.apiName,
      label: f.label,
      type: f.type,
      exists,
      typeOk,
      fls: !!d && d.updateable !== false && d.createable !== false,
      customFieldKey: f.customFieldKey ?? null,
      error: errors.get(f.apiName) ?? null,
    };
  });
}

/** A field someone made with another type is never changed by Ferry (that could lose data). */
function typeSteps(fields: readonly SalesforceFieldState[], instanceUrl: string): ManualStep[] {
  return fields
    .filter((f) => f.exists && !f.typeOk)
    .map((f) => ({
      title: `Change the type of "${f.label}" (${f.apiName}) to ${f.type}`,
      detail: "The field exists in Salesforce with another type, so Ferry does not write it. Change its type, or delete it and press Repair set-up.",
      url: setupUrl(instanceUrl, `${REQUEST_OBJECT.apiName}/FieldsAndRelationships/view`),
    }));
}

function summary(r: { objectCreated: boolean; created: string[]; relabelled: string[]; granted: string[]; fields: SalesforceFieldState[]; layoutsAdded: string[] }): string {
  const parts: string[] = [];
  if (r.objectCreated) parts.push(`Created the ${REQUEST_OBJECT.apiName} object.`);
  if (r.created.length) parts.push(`Created ${r.created.length} field${r.created.length === 1 ? "" : "s"}: ${r.created.join(", ")}.`);
  if (r.relabelled.length) parts.push(`Renamed ${r.relabelled.join(", ")}.`);
  if (r.granted.length) parts.push(`Granted ${SYSTEM_ADMINISTRATOR} access to ${r.granted.length} field${r.granted.length === 1 ? "" : "s"}.`);
  if (r.layoutsAdded.length) parts.push(`Added to page layouts: ${r.layoutsAdded.join(", ")}.`);
  const problems = r.fields.filter((f) => !(f.exists && f.typeOk && f.fls));
  if (problems.length) {
    parts.push(
      `${problems.length} field${problems.length === 1 ? "" : "s"} need attention: ${problems
        .map((p) => `${p.apiName} (${!p.exists ? "missing" : !p.typeOk ? "other type" : "no access"}${p.error ? `: ${p.error}` : ""})`)
        .join(", ")}.`,
    );
  }
  return parts.length ? parts.join(" ") : "Set-up up to date; nothing to change.";
}
