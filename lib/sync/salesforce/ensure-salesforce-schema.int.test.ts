import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { SalesforceClient } from "@/lib/salesforce/client";
import { allRequestFields, customFieldApiName, fieldMetadata, REQUEST_FIELDS, REQUEST_ID_FIELD, type RequestFieldDefinition } from "@/lib/salesforce/request-fields";
import { DEMO_ORG_SLUG } from "@/lib/sandbox/salesforce/seed-demo";
import { startSandbox, type TestSandbox } from "@/lib/sandbox/salesforce/test-helpers";
import { readSalesforceSchemaState } from "@/lib/sync/salesforce/schema-state";
import { createWorkspace, uid } from "@/tests/factories";
import { ensureSalesforceSchema } from "./ensure-salesforce-schema";

/** Set-up against the Salesforce emulator over real HTTP, with the real database. */

let t: TestSandbox;
let client: SalesforceClient;
let workspaceId: string;
let integrationId: string;

beforeAll(async () => {
  t = await startSandbox();
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.control.reset(DEMO_ORG_SLUG);
  await t.control.seedDemo();
  const token = await t.connect();
  client = new SalesforceClient({ instanceUrl: token.instance_url, accessToken: token.access_token });
  const ws = await createWorkspace();
  workspaceId = ws.id;
  const integration = await db().integration.create({
    data: {
      workspaceId,
      provider: "SALESFORCE",
      baseUrl: token.instance_url,
      remoteTenant: `00D${uid()}`,
      credentials: "not used: the test passes a client",
      credentialHint: "admin@ferry-demo.example",
      budgetKey: `sf-${uid()}`,
    },
  });
  integrationId = integration.id;
});

const ensure = () => ensureSalesforceSchema({ workspaceId, integrationId, trigger: "test" }, { client });

/** A value of the right kind for every field, as a push would write. */
async function sampleValues(fields: readonly RequestFieldDefinition[]) {
  const account = (await client.query("SELECT Id FROM Account LIMIT 1", z.object({ Id: z.string() }))).records[0]?.Id;
  const contact = (await client.query("SELECT Id FROM Contact LIMIT 1", z.object({ Id: z.string() }))).records[0]?.Id;
  const values: Record<string, unknown> = { Name: "#1 Printer on fire" };
  for (const f of fields) {
    if (f.apiName === REQUEST_ID_FIELD) continue;
    values[f.apiName] =
      f.type === "Lookup" ? (f.referenceTo === "Account" ? account : contact)
      : f.type === "Html" ? "<p>Hello <b>there</b></p>"
      : f.type === "Url" ? "https://ferry.example/w/acme/requests/1"
      : f.type === "Picklist" ? "In Progress"
      : `${f.label} value`;
  }
  return values;
}

async function schemaLogs() {
  return db().syncLog.findMany({ where: { integrationId, kind: "SCHEMA" }, orderBy: { id: "asc" } });
}

describe("ensureSalesforceSchema", () => {
  it("from scratch: creates Request__c and every field, grants FLS; describe lists every field and an upsert with all fields works", async () => {
    await db().customField.create({ data: { workspaceId, key: "product-area", name: "Product Area", kind: "CATEGORY", type: "TEXT" } });
    const result = await ensure();
    const wanted = allRequestFields([{ key: "product-area", name: "Product Area", archivedAt: null }]);
    expect(result.objectCreated).toBe(true);
    expect(result.created.sort()).toEqual(wanted.map((f) => f.apiName).sort());
    expect(result.granted.sort()).toEqual(wanted.map((f) => f.apiName).sort());
    expect(result.fields.every((f) => f.exists && f.typeOk && f.fls)).toBe(true);
    expect(result.fields.find((f) => f.apiName === "Ferry_product_area__c")).toMatchObject({ label: "Product Area", customFieldKey: "product-area" });
    // One call for the object, and ≤ 10 components per field call (22 fields → 3 calls).
    expect(client.calls.filter((c) => c.operation === "metadata.upsertMetadata")).toHaveLength(4);

    const describe = await client.describe("Request__c");
    const names = describe?.fields.map((f) => f.name) ?? [];
    for (const f of wanted) expect(names, f.apiName).toContain(f.apiName);
    const written = await client.upsert("Request__c", REQUEST_ID_FIELD, "req-1", await sampleValues(wanted));
    expect(written.created).toBe(true);
    const row = await client.query(
      `SELECT Id, Status__c, Account__r.Name, Ferry_product_area__c FROM Request__c WHERE ${REQUEST_ID_FIELD} = 'req-1'`,
      z.looseObject({ Id: z.string(), Status__c: z.string(), Ferry_product_area__c: z.string() }),
    );
    expect(row.records[0]).toMatchObject({ Id: written.id, Status__c: "In Progress", Ferry_product_area__c: "Product Area value" });

    const stored = readSalesforceSchemaState((await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).schemaState);
    expect(stored.object.exists).toBe(true);
    expect(stored.fields).toHaveLength(wanted.length);
    // The layouts: every field on Request Layout, the Requests related list on Account Layout; nothing left to do by hand.
    expect(stored.layouts.request).toMatchObject({ status: "updated", added: wanted.map((f) => f.apiName) });
    expect(stored.layouts.account).toMatchObject({ status: "updated", added: ["Requests related list"] });
    expect(stored.manualSteps).toEqual([]);
    const [requestLayout, accountLayout] = await client.metadata("readMetadata", "Layout", ["Request__c-Request Layout", "Account-Account Layout"]);
    for (const f of wanted) expect(JSON.stringify(requestLayout), f.apiName).toContain(`"field":"${f.apiName}"`);
    expect(JSON.stringify(accountLayout)).toContain('"relatedList":"Request__c.Account__c"');
    const [log] = await schemaLogs();
    expect(log).toMatchObject({ outcome: "SYNCED", provider: "SALESFORCE", trigger: "test" });
    expect(log?.message).toContain("Created the Request__c object");
  });

  it("run twice: the second run makes two calls (describe, read the layouts) and changes nothing", async () => {
    await ensure();
    const before = client.calls.length;
    const again = await ensure();
    expect(again).toMatchObject({ objectCreated: false, created: [], relabelled: [], granted: [] });
    expect(client.calls.slice(before).map((c) => c.operation)).toEqual(["Request__c.describe", "metadata.readMetadata"]);
    expect(again.layouts).toMatchObject({ request: { status: "ok", added: [] }, account: { status: "ok", added: [] } });
    expect(again.fields.every((f) => f.exists && f.typeOk && f.fls)).toBe(true);
    const logs = await schemaLogs();
    expect(logs.map((l) => l.outcome)).toEqual(["SYNCED", "SYNCED"]);
    expect(logs[1]?.message).toBe("Set-up up to date; nothing to change.");
  });

  it("repairs a half-made schema: creates only the missing fields and grants only the missing access", async () => {
    const present = REQUEST_FIELDS.slice(0, 8);
    await client.metadata("upsertMetadata", "CustomObject", [
      { fullName: "Request__c", label: "Request", pluralLabel: "Requests", nameField: { type: "Text", label: "Request Name" }, deploymentStatus: "Deployed", sharingModel: "ReadWrite" },
    ]);
    await client.metadata("createMetadata", "CustomField", present.map(fieldMetadata));
    const ps = (await client.query("SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND Profile.Name = 'System Administrator'", z.object({ Id: z.string() }))).records[0]?.Id as string;
    // Fields 0–3 fully granted, 4 read-only, 5–7 without access.
    await client.createMany(
      present.slice(0, 5).map((f, i) => ({ attributes: { type: "FieldPermissions" }, ParentId: ps, SobjectType: "Request__c", Field: `Request__c.${f.apiName}`, PermissionsRead: true, PermissionsEdit: i < 4 })),
    );

    const result = await ensure();
    expect(result.objectCreated).toBe(false);
    expect(result.created.sort()).toEqual(REQUEST_FIELDS.slice(8).map((f) => f.apiName).sort());
    expect(result.granted.sort()).toEqual([...present.slice(4), ...REQUEST_FIELDS.slice(8)].map((f) => f.apiName).sort());
    expect(result.fields.every((f) => f.exists && f.typeOk && f.fls)).toBe(true);
    const rows = await client.queryAll(`SELECT Field, PermissionsEdit FROM FieldPermissions WHERE ParentId = '${ps}' AND SobjectType = 'Request__c'`, z.object({ Field: z.string(), PermissionsEdit: z.boolean() }));
    expect(rows).toHaveLength(REQUEST_FIELDS.length);
    expect(rows.every((r) => r.PermissionsEdit)).toBe(true);
    const written = await client.upsert("Request__c", REQUEST_ID_FIELD, "req-2", await sampleValues(REQUEST_FIELDS));
    expect(written.created).toBe(true);
  });

  it("a new workspace custom field becomes a field; a rename changes its label only", async () => {
    await ensure();
    const field = await db().customField.create({ data: { workspaceId, key: "tier", name: "Tier", kind: "TAG", type: "TEXT" } });
    const added = await ensure();
    expect(added.created).toEqual([customFieldApiName("tier")]);
    expect(added.granted).toEqual([customFieldApiName("tier")]);
    await db().customField.update({ where: { id: field.id }, data: { name: "Customer Tier" } });
    const renamed = await ensure();
    expect(renamed).toMatchObject({ created: [], relabelled: ["Ferry_tier__c"], granted: [] });
    const describe = await client.describe("Request__c");
    expect(describe?.fields.find((f) => f.name === "Ferry_tier__c")?.label).toBe("Customer Tier");
  });

  it("a field someone made with another type is left alone and reported with a manual step", async () => {
    await client.metadata("upsertMetadata", "CustomObject", [
      { fullName: "Request__c", label: "Request", pluralLabel: "Requests", nameField: { type: "Text", label: "Request Name" }, deploymentStatus: "Deployed", sharingModel: "ReadWrite" },
    ]);
    await client.metadata("createMetadata", "CustomField", [{ fullName: "Request__c.Title__c", label: "Title", type: "Checkbox" }]);
    const result = await ensure();
    expect(result.created).not.toContain("Title__c");
    expect(result.fields.find((f) => f.apiName === "Title__c")).toMatchObject({ exists: true, typeOk: false });
    expect(result.manualSteps.some((s) => s.title.includes("Title__c"))).toBe(true);
    const logs = await schemaLogs();
    expect(logs.at(-1)).toMatchObject({ outcome: "FAILED", reasonCode: "salesforce_setup_incomplete" });
  });

  it("an expired session without refresh fails as an auth error, logged and stored on the integration", async () => {
    await t.control.expireSessions(DEMO_ORG_SLUG);
    await expect(ensure()).rejects.toMatchObject({ kind: "auth" });
    const [log] = await schemaLogs();
    expect(log).toMatchObject({ outcome: "FAILED", reasonCode: "credentials_rejected" });
    const state = readSalesforceSchemaState((await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).schemaState);
    expect(state.error).toContain("401");
  });

  it("a page layout Ferry cannot find becomes a manual step with a Setup link; the rest is still done", async () => {
    // An object someone labelled "Ticket" has a "Request__c-Ticket Layout", not "Request Layout".
    await client.metadata("upsertMetadata", "CustomObject", [
      { fullName: "Request__c", label: "Ticket", pluralLabel: "Tickets", nameField: { type: "Text", label: "Ticket Name" }, deploymentStatus: "Deployed", sharingModel: "ReadWrite" },
    ]);
    const result = await ensure();
    expect(result.fields.every((f) => f.exists && f.fls)).toBe(true);
    expect(result.layouts.request).toMatchObject({ status: "missing" });
    expect(result.layouts.account).toMatchObject({ status: "updated" });
    expect(result.manualSteps).toEqual([
      expect.objectContaining({ title: "Put the Request fields on the Request page layout", url: `${client.instanceUrl}/lightning/setup/ObjectManager/Request__c/PageLayouts/view` }),
    ]);
    expect((await schemaLogs()).at(-1)?.outcome).toBe("SYNCED");
  });
});
