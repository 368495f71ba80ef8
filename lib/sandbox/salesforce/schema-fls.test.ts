import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestClient, startSandbox, type TestSandbox } from "./test-helpers";

// Reference §1 #3 and §4.6 (new custom fields are invisible until FieldPermissions grant them),
// §4.5 (Tooling create), §4.2–§4.3 (metadata rules), §4.7 A (FieldPermissions on the profile's
// permission set), §3.4 (upsert by external id), §6 #9, #12, #14, #15.

const REQUEST_OBJECT = {
  FullName: "Request__c",
  Metadata: { label: "Request", pluralLabel: "Requests", nameField: { type: "Text", label: "Request Name" }, deploymentStatus: "Deployed", sharingModel: "ReadWrite" },
};
const FIELDS: Record<string, Record<string, unknown>> = {
  RequestId__c: { label: "Ferry RequestId", type: "Text", length: 255, externalId: true, unique: true, caseSensitive: true },
  Title__c: { label: "Title", type: "Text", length: 255 },
  Summary__c: { label: "Summary", type: "Html", length: 32768, visibleLines: 10 },
  Status__c: { label: "Status", type: "Picklist", valueSet: { restricted: false, valueSetDefinition: { sorted: false, value: [{ fullName: "Open" }, { fullName: "Closed" }] } } },
  Account__c: { label: "Account", type: "Lookup", referenceTo: "Account", relationshipName: "Requests", deleteConstraint: "SetNull" },
};

async function createSchema(api: RestClient): Promise<void> {
  expect((await api.post("/tooling/sobjects/CustomObject", REQUEST_OBJECT)).status).toBe(201);
  for (const [name, metadata] of Object.entries(FIELDS)) {
    const res = await api.post("/tooling/sobjects/CustomField", { FullName: `Request__c.${name}`, Metadata: metadata });
    expect(res.status, name).toBe(201);
  }
}

async function adminPermissionSet(api: RestClient): Promise<string> {
  const res = await api.query("SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND Profile.Name = 'System Administrator'");
  expect(res.body.totalSize).toBe(1);
  return res.body.records[0].Id;
}

async function grant(api: RestClient, ps: string, fields: string[], edit = true) {
  return api.post("/composite/sobjects", {
    allOrNone: false,
    records: fields.map((f) => ({ attributes: { type: "FieldPermissions" }, ParentId: ps, SobjectType: "Request__c", Field: `Request__c.${f}`, PermissionsRead: true, PermissionsEdit: edit })),
  });
}

describe("custom object, fields and field-level security", () => {
  let t: TestSandbox;
  let api: RestClient;
  beforeAll(async () => {
    t = await startSandbox();
    api = await t.adminClient();
    await createSchema(api);
  });
  afterAll(() => t.close());

  it("Tooling create answers 201 with a 00N id; a duplicate field is DUPLICATE_DEVELOPER_NAME; bad metadata is rejected", async () => {
    const dup = await api.post("/tooling/sobjects/CustomField", { FullName: "Request__c.Title__c", Metadata: FIELDS.Title__c });
    expect(dup.status).toBe(400);
    expect(dup.body[0].errorCode).toBe("DUPLICATE_DEVELOPER_NAME");
    const field = await api.post("/tooling/sobjects/CustomField", { FullName: "Request__c.Urgency__c", Metadata: { label: "Urgency", type: "Text", length: 255 } });
    expect(field.body).toMatchObject({ id: expect.stringMatching(/^00N/), success: true, errors: [] });
    const tooLong = await api.post("/tooling/sobjects/CustomField", { FullName: "Request__c.Big__c", Metadata: { label: "Big", type: "Text", length: 256 } });
    expect(tooLong.status).toBe(400);
    const htmlLines = await api.post("/tooling/sobjects/CustomField", { FullName: "Request__c.Rich__c", Metadata: { label: "Rich", type: "Html", length: 32768, visibleLines: 3 } });
    expect(htmlLines.status).toBe(400);
    const badName = await api.post("/tooling/sobjects/CustomField", { FullName: "Request__c.Bad__Name__c", Metadata: { label: "Bad", type: "Text", length: 10 } });
    expect(badName.status).toBe(400);
  });

  it("new fields are invisible to System Administrator: describe omits them, SOQL and writes fail (§4.6)", async () => {
    const describe = await api.get("/sobjects/Request__c/describe");
    expect(describe.status).toBe(200);
    const names = describe.body.fields.map((f: { name: string }) => f.name);
    expect(names).toContain("Name");
    expect(names).not.toContain("Title__c");
    const query = await api.query("SELECT Id, Title__c FROM Request__c");
    expect(query.status).toBe(400);
    expect(query.body[0].errorCode).toBe("INVALID_FIELD");
    expect(query.body[0].message).toContain("No such column 'Title__c' on entity 'Request__c'");
    const write = await api.post("/sobjects/Request__c", { Name: "R", Title__c: "x" });
    expect(write.body[0]).toMatchObject({ errorCode: "INVALID_FIELD" });
    // Upsert by an external id that is not visible: 404 NOT_FOUND.
    expect((await api.patch("/sobjects/Request__c/RequestId__c/req-1", { Name: "R" })).status).toBe(404);
  });

  it("FieldPermissions rules: Edit needs Read; standard fields have none; duplicates fail (§4.7)", async () => {
    const ps = await adminPermissionSet(api);
    const editOnly = await api.post("/sobjects/FieldPermissions", { ParentId: ps, SobjectType: "Request__c", Field: "Request__c.Title__c", PermissionsRead: false, PermissionsEdit: true });
    expect(editOnly.status).toBe(400);
    expect(editOnly.body[0].errorCode).toBe("FIELD_INTEGRITY_EXCEPTION");
    const standard = await api.post("/sobjects/FieldPermissions", { ParentId: ps, SobjectType: "Request__c", Field: "Request__c.Name", PermissionsRead: true });
    expect(standard.status).toBe(400);
    const readOnly = await grant(api, ps, ["Title__c"], false);
    expect(readOnly.body[0].success).toBe(true);
    const dup = await grant(api, ps, ["Title__c"]);
    expect(dup.body[0].errors[0].statusCode).toBe("DUPLICATE_VALUE");
    // Read without Edit: visible, not writable; describe says so (§4.6).
    expect((await api.query("SELECT Title__c FROM Request__c")).status).toBe(200);
    const title = (await api.get("/sobjects/Request__c/describe")).body.fields.find((f: { name: string }) => f.name === "Title__c");
    expect([title.createable, title.updateable]).toEqual([false, false]);
    const write = await api.post("/sobjects/Request__c", { Name: "R", Title__c: "x" });
    expect(write.body[0].errorCode).toBe("INVALID_FIELD_FOR_INSERT_UPDATE");
    const rows = await api.query(`SELECT Id, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE ParentId = '${ps}' AND SobjectType = 'Request__c'`);
    expect(rows.body.records).toHaveLength(1);
    const update = await api.patch(`/sobjects/FieldPermissions/${rows.body.records[0].Id}`, { PermissionsEdit: true });
    expect(update.status).toBe(204);
    expect((await api.post("/sobjects/Request__c", { Name: "R", Title__c: "x" })).status).toBe(201);
  });

  it("after granting: upsert by external id — 201 created, 200 updated, ext-id in body 400, updateOnly 404, 300 on duplicates (§3.4)", async () => {
    const ps = await adminPermissionSet(api);
    await grant(api, ps, ["RequestId__c", "Summary__c", "Status__c", "Account__c"]);
    const account = (await api.query("SELECT Id FROM Account WHERE Name = 'Acme Corp'")).body.records[0].Id;
    const created = await api.patch("/sobjects/Request__c/RequestId__c/req-1", { Name: "First", Status__c: "Open", Account__c: account });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^a00/), success: true, errors: [], created: true });
    const updated = await api.patch("/sobjects/Request__c/RequestId__c/req-1", { Status__c: "Closed" });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id: created.body.id, success: true, errors: [], created: false });
    const old = await api.request("PATCH", "/services/data/v45.0/sobjects/Request__c/RequestId__c/req-1", { Status__c: "Open" });
    expect(old.status).toBe(204);
    const inBody = await api.patch("/sobjects/Request__c/RequestId__c/req-2", { RequestId__c: "req-2", Name: "x" });
    expect(inBody.status).toBe(400);
    expect(inBody.body[0].errorCode).toBe("INVALID_FIELD");
    expect((await api.patch("/sobjects/Request__c/RequestId__c/req-3?updateOnly=true", { Name: "x" })).status).toBe(404);
    expect((await api.patch("/sobjects/Request__c/Title__c/x", { Name: "x" })).status).toBe(404);
    // caseSensitive unique: another case is another record.
    expect((await api.patch("/sobjects/Request__c/RequestId__c/REQ-1", { Name: "Upper" })).status).toBe(201);
    const dup = await api.post("/sobjects/Request__c", { Name: "Dup", RequestId__c: "req-1" });
    expect(dup.body[0]).toMatchObject({ errorCode: "DUPLICATE_VALUE", fields: ["RequestId__c"] });
    const joined = await api.query("SELECT Id, Account__r.Name, Status__c FROM Request__c WHERE RequestId__c = 'req-1'");
    expect(joined.body.records[0]).toMatchObject({ Status__c: "Open", Account__r: { Name: "Acme Corp" } });

    // A non-unique external id matching two records: 300 with the records' URLs.
    await api.post("/tooling/sobjects/CustomField", { FullName: "Request__c.Legacy__c", Metadata: { label: "Legacy", type: "Text", length: 50, externalId: true } });
    await grant(api, ps, ["Legacy__c"]);
    await api.post("/sobjects/Request__c", { Name: "L1", Legacy__c: "same" });
    await api.post("/sobjects/Request__c", { Name: "L2", Legacy__c: "same" });
    const multiple = await api.patch("/sobjects/Request__c/Legacy__c/same", { Name: "x" });
    expect(multiple.status).toBe(300);
    expect(multiple.body).toEqual([expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Request__c\/a00/), expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Request__c\/a00/)]);
  });

  it("collections upsert: per-item created flags; ext-id value travels in the body (§3.5)", async () => {
    const res = await api.patch("/composite/sobjects/Request__c/RequestId__c", {
      allOrNone: false,
      records: [
        { attributes: { type: "Request__c" }, RequestId__c: "req-1", Name: "Again" },
        { attributes: { type: "Request__c" }, RequestId__c: "req-batch", Name: "New" },
        { attributes: { type: "Request__c" }, Name: "No id" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ success: true, created: false });
    expect(res.body[1]).toMatchObject({ success: true, created: true });
    expect(res.body[2].errors[0].statusCode).toBe("MISSING_ARGUMENT");
  });

  it("long text and rich text cannot be filtered in WHERE (§4.3)", async () => {
    const res = await api.query("SELECT Id FROM Request__c WHERE Summary__c = 'x'");
    expect(res.status).toBe(400);
    expect(res.body[0].errorCode).toBe("INVALID_FIELD");
  });
});
