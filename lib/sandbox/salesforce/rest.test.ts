import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestClient, startSandbox, uid, type TestSandbox } from "./test-helpers";

// Reference §3.1 (base path, versions), §3.3 (create), §3.4 (upsert), §3.5 (collections),
// §3.7 (error body and codes), §6 #7–#10.

describe("REST sObjects", () => {
  let t: TestSandbox;
  let api: RestClient;
  let acmeId: string;
  beforeAll(async () => {
    t = await startSandbox();
    api = await t.adminClient();
    const found = await api.query("SELECT Id FROM Account WHERE Name = 'Acme Corp'");
    acmeId = found.body.records[0].Id;
  });
  afterAll(() => t.close());

  it("GET /services/data/ lists versions without auth; retired versions answer 410 (§3.1, §1 #2)", async () => {
    const versions = await new RestClient(api.instanceUrl, "none").get("/services/data/");
    expect(versions.status).toBe(200);
    expect(versions.body).toContainEqual({ label: "API 62.0", url: "/services/data/v62.0", version: "62.0" });
    expect(versions.headers.get("sforce-limit-info")).toBeNull();
    expect((await api.get("/services/data/v29.0/limits")).status).toBe(410);
  });

  it("describe lists fields with their properties; an unknown object is 404 NOT_FOUND", async () => {
    const res = await api.get("/sobjects/Contact/describe");
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("Contact");
    expect(res.body.keyPrefix).toBe("003");
    const lastName = res.body.fields.find((f: { name: string }) => f.name === "LastName");
    expect(lastName).toMatchObject({ type: "string", nillable: false, createable: true, length: 80 });
    const accountId = res.body.fields.find((f: { name: string }) => f.name === "AccountId");
    expect(accountId).toMatchObject({ type: "reference", referenceTo: ["Account"], relationshipName: "Account" });
    const missing = await api.get("/sobjects/Request__c/describe");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }]);
  });

  it("create: 201 {id, success, errors}; 18-char id with the object's prefix (§3.3, §6 #7)", async () => {
    const res = await api.post("/sobjects/Contact", { FirstName: "Nia", LastName: "New", Email: "nia@acme-corp.example", AccountId: acmeId });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^003[A-Za-z0-9]{15}$/), success: true, errors: [] });
    const read = await api.get(`/sobjects/Contact/${res.body.id}`);
    expect(read.body).toMatchObject({ attributes: { type: "Contact" }, Name: "Nia New", AccountId: acmeId });
    // The 15-char form of the id works too.
    expect((await api.get(`/sobjects/Contact/${(res.body.id as string).slice(0, 15)}`)).status).toBe(200);
  });

  it("create errors: REQUIRED_FIELD_MISSING, INVALID_FIELD, STRING_TOO_LONG, INVALID_EMAIL_ADDRESS, lookups (§3.3, §3.7)", async () => {
    const missing = await api.post("/sobjects/Contact", { FirstName: "No" });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([{ message: "Required fields are missing: [LastName]", errorCode: "REQUIRED_FIELD_MISSING", fields: ["LastName"] }]);
    const unknown = await api.post("/sobjects/Contact", { LastName: "X", Nope__c: 1 });
    expect(unknown.body).toEqual([{ message: "No such column 'Nope__c' on sobject of type Contact", errorCode: "INVALID_FIELD", fields: [] }]);
    const long = await api.post("/sobjects/Contact", { LastName: "x".repeat(81) });
    expect(long.body[0]).toMatchObject({ errorCode: "STRING_TOO_LONG", fields: ["LastName"] });
    const email = await api.post("/sobjects/Contact", { LastName: "X", Email: "not-an-email" });
    expect(email.body[0]).toMatchObject({ errorCode: "INVALID_EMAIL_ADDRESS", fields: ["Email"] });
    const malformed = await api.post("/sobjects/Contact", { LastName: "X", AccountId: "bogus" });
    expect(malformed.body[0]).toMatchObject({ errorCode: "MALFORMED_ID", fields: ["AccountId"] });
    const contactAsAccount = (await api.query("SELECT Id FROM Contact LIMIT 1")).body.records[0].Id;
    const wrongType = await api.post("/sobjects/Contact", { LastName: "X", AccountId: contactAsAccount });
    expect(wrongType.body[0].errorCode).toBe("FIELD_INTEGRITY_EXCEPTION");
    const readOnly = await api.post("/sobjects/Contact", { LastName: "X", Name: "Full" });
    expect(readOnly.body[0].errorCode).toBe("INVALID_FIELD_FOR_INSERT_UPDATE");
    const badJson = await api.request("POST", "/sobjects/Contact", "{not json");
    expect(badJson.body[0].errorCode).toBe("JSON_PARSER_ERROR");
  });

  it("update: PATCH by id → 204; an unknown id → 404", async () => {
    const created = await api.post("/sobjects/Account", { Name: uid("Acc") });
    const res = await api.patch(`/sobjects/Account/${created.body.id}`, { Website: "https://x.example" });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await api.get(`/sobjects/Account/${created.body.id}`)).body.Website).toBe("https://x.example");
    expect((await api.patch("/sobjects/Account/001000000000000AAA", { Website: "https://x.example" })).status).toBe(404);
  });

  it("collections: create ≤ 200 with per-item results using statusCode; allOrNone rolls back (§3.5)", async () => {
    const ok = await api.post("/composite/sobjects", {
      allOrNone: false,
      records: [
        { attributes: { type: "Contact" }, LastName: "Batch1", AccountId: acmeId },
        { attributes: { type: "Contact" }, FirstName: "NoLast" },
      ],
    });
    expect(ok.status).toBe(200);
    expect(ok.body[0]).toEqual({ id: expect.stringMatching(/^003/), success: true, errors: [] });
    expect(ok.body[1]).toEqual({ success: false, errors: [{ statusCode: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [LastName]", fields: ["LastName"] }] });

    const name = uid("Rollback");
    const rolled = await api.post("/composite/sobjects", {
      allOrNone: true,
      records: [
        { attributes: { type: "Account" }, Name: name },
        { attributes: { type: "Account" } },
      ],
    });
    expect(rolled.body[0].errors[0].statusCode).toBe("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    expect(rolled.body[1].errors[0].statusCode).toBe("REQUIRED_FIELD_MISSING");
    expect((await api.query(`SELECT Id FROM Account WHERE Name = '${name}'`)).body.totalSize).toBe(0);

    const tooMany = await api.post("/composite/sobjects", { records: Array.from({ length: 201 }, () => ({ attributes: { type: "Account" }, Name: "x" })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0].errorCode).toBe("EXCEEDED_ID_LIMIT");
  });

  it("collections update: PATCH /composite/sobjects with ids", async () => {
    const a = await api.post("/sobjects/Account", { Name: uid("U") });
    const res = await api.patch("/composite/sobjects", {
      allOrNone: false,
      records: [
        { attributes: { type: "Account" }, id: a.body.id, Website: "https://u.example" },
        { attributes: { type: "Account" }, Website: "https://u.example" },
      ],
    });
    expect(res.body[0]).toEqual({ id: a.body.id, success: true, errors: [] });
    expect(res.body[1].errors[0].statusCode).toBe("MISSING_ARGUMENT");
  });
});
