import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBasics, startSandbox, uid, type Json, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
});
afterAll(() => t.close());

async function createRequestsObject() {
  const res = await t.api.post("/resources/customObjects", {
    name: uid("ferry-requests"),
    label: "Ferry Request",
    writeMode: "writable",
    customFields: [
      { label: "Status", type: "string", model: "CustomObject" },
      { label: "Request Web Link", type: "string" },
      { label: "Summary", type: "textarea" },
    ],
  });
  expect(res.status).toBe(200);
  return res.body as Json;
}

const path = (object: Json, label: string): string => object.customFields.find((f: Json) => f.label === label).path;
const fieldId = (object: Json, label: string): string => object.customFields.find((f: Json) => f.label === label).id;

// Reference §8.12 (custom objects and instances), §8.13 (customFields).
describe("custom object definitions", () => {
  it("creates with fields (generated vitally.custom.* paths), gets, lists, and PUT adds fields", async () => {
    const object = await createRequestsObject();
    expect(object.customFields.map((f: Json) => [f.label, f.type, f.path])).toEqual([
      ["Status", "string", "vitally.custom.status"],
      ["Request Web Link", "string", "vitally.custom.requestWebLink"],
      ["Summary", "textarea", "vitally.custom.summary"],
    ]);
    expect((await t.api.get(`/resources/customObjects/${object.id}`)).body.name).toBe(object.name);
    expect((await t.api.get("/resources/customObjects")).body.results.map((o: Json) => o.id)).toContain(object.id);

    const updated = await t.api.put(`/resources/customObjects/${object.id}`, {
      customFields: [{ label: "Status", type: "string" }, { label: "Urgency", type: "string" }],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.customFields.map((f: Json) => f.label)).toEqual(["Status", "Request Web Link", "Summary", "Urgency"]);
    expect(updated.body.customFields[0].id).toBe(object.customFields[0].id);

    const fields = await t.api.get(`/resources/customFields?model=customObjects&customObjectId=${object.id}`);
    expect(fields.body).toBeInstanceOf(Array);
    expect(fields.body.map((f: Json) => f.label)).toEqual(["Request Web Link", "Status", "Summary", "Urgency"]);
  });

  it("validates name, label, writeMode, field types and duplicate names (strict)", async () => {
    expect((await t.api.post("/resources/customObjects", { label: "x", writeMode: "writable" })).body).toEqual({ message: "name is required" });
    expect((await t.api.post("/resources/customObjects", { name: uid("x"), label: "x", writeMode: "everyone" })).body.message).toMatch(/^writeMode/);
    const badType = await t.api.post("/resources/customObjects", { name: uid("x"), label: "x", writeMode: "readonly", customFields: [{ label: "a", type: "blob" }] });
    expect(badType.body.message).toMatch(/^customFields\[0\]\.type/);
    const object = await createRequestsObject();
    expect((await t.api.post("/resources/customObjects", { name: object.name, label: "y", writeMode: "writable" })).status).toBe(400);
    expect((await t.api.get("/resources/customObjects/nope")).status).toBe(404);
  });
});

describe("custom object instances", () => {
  it("creates linked to an account and an organization, updates with trait merge and null deletion, archives", async () => {
    const object = await createRequestsObject();
    const { accountId, orgId } = await createBasics(t.api);
    const externalId = uid("req");
    const created = await t.api.post(`/resources/customObjects/${object.id}/instances`, {
      name: "Request 1",
      externalId,
      customerId: accountId,
      organizationId: orgId,
      traits: { [path(object, "Status")]: "open", [path(object, "Summary")]: "Printer on fire" },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ customObjectId: object.id, customerId: accountId, organizationId: orgId, customer: { id: accountId }, organization: { id: orgId } });
    expect(created.body.customers.map((c: Json) => c.id)).toEqual([accountId]);

    const updated = await t.api.put(`/resources/customObjects/${object.id}/instances/${created.body.id}`, {
      traits: { [path(object, "Status")]: "closed", [path(object, "Summary")]: null, [path(object, "Request Web Link")]: "https://ferry.test/r/1" },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.traits).toEqual({ "vitally.custom.status": "closed", "vitally.custom.requestWebLink": "https://ferry.test/r/1" });
    expect(updated.body.updatedAt > created.body.updatedAt).toBe(true);

    // externalId is editable on instances (§3.1).
    const newExternal = uid("req-renamed");
    expect((await t.api.put(`/resources/customObjects/${object.id}/instances/${created.body.id}`, { externalId: newExternal })).body.externalId).toBe(newExternal);

    const deleted = await t.api.del(`/resources/customObjects/${object.id}/instances/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.archivedAt).not.toBeNull();
    const active = await t.api.get(`/resources/customObjects/${object.id}/instances`);
    expect(active.body.results).toHaveLength(0);
    const archived = await t.api.get(`/resources/customObjects/${object.id}/instances?archived=true`);
    expect(archived.body.results.map((i: Json) => i.id)).toEqual([created.body.id]);
  });

  it("searches by each criterion and answers a bare array", async () => {
    const object = await createRequestsObject();
    const a = await createBasics(t.api);
    const b = await createBasics(t.api);
    const one = await t.api.post(`/resources/customObjects/${object.id}/instances`, {
      name: "One",
      externalId: uid("s1"),
      customerId: a.accountId,
      traits: { [path(object, "Status")]: "open" },
    });
    const two = await t.api.post(`/resources/customObjects/${object.id}/instances`, {
      name: "Two",
      externalId: uid("s2"),
      organizationId: b.orgId,
      traits: { [path(object, "Status")]: "closed" },
    });
    const search = async (q: string) => {
      const res = await t.api.get(`/resources/customObjects/${object.id}/instances/search?${q}`);
      expect(res.status, q).toBe(200);
      expect(res.body, q).toBeInstanceOf(Array);
      return res.body.map((i: Json) => i.id);
    };
    expect(await search(`id=${one.body.id}`)).toEqual([one.body.id]);
    expect(await search(`externalId=${two.body.externalId}`)).toEqual([two.body.id]);
    expect(await search(`customerId=${a.accountId}`)).toEqual([one.body.id]);
    expect(await search(`organizationId=${b.orgId}`)).toEqual([two.body.id]);
    expect(await search(`customFieldId=${fieldId(object, "Status")}&customFieldValue=closed`)).toEqual([two.body.id]);
    expect(await search("externalId=nothing")).toEqual([]);
    for (const q of ["", `id=${one.body.id}&externalId=x`, `customFieldId=${fieldId(object, "Status")}`, "customFieldValue=open", "customFieldId=nope&customFieldValue=x"]) {
      expect((await t.api.get(`/resources/customObjects/${object.id}/instances/search?${q}`)).status, q).toBe(400);
    }
  });

  it("validates: name, a link (strict), existing links, known trait keys (strict), unique externalId (strict)", async () => {
    const object = await createRequestsObject();
    const { accountId } = await createBasics(t.api);
    const url = `/resources/customObjects/${object.id}/instances`;
    expect((await t.api.post(url, { customerId: accountId })).body).toEqual({ message: "name is required" });
    expect((await t.api.post(url, { name: "x" })).body.message).toMatch(/^customerId/);
    expect((await t.api.post(url, { name: "x", customerId: "ghost" })).body.message).toMatch(/^customerId/);
    expect((await t.api.post(url, { name: "x", organizationId: "ghost" })).body.message).toMatch(/^organizationId/);
    const unknownTrait = await t.api.post(url, { name: "x", customerId: accountId, traits: { "vitally.custom.notAField": 1 } });
    expect(unknownTrait.body).toEqual({ message: `traits.vitally.custom.notAField: not a field of custom object "${object.name}"` });
    const externalId = uid("dup");
    expect((await t.api.post(url, { name: "x", externalId, customerId: accountId })).status).toBe(200);
    const dup = await t.api.post(url, { name: "y", externalId, customerId: accountId });
    expect(dup.status).toBe(400);
    expect(dup.body.message).toMatch(/^externalId/);
    expect((await t.api.post("/resources/customObjects/nope/instances", { name: "x", customerId: accountId })).status).toBe(404);
    expect((await t.api.put(`${url}/nope`, { name: "x" })).status).toBe(404);
    expect((await t.api.del(`${url}/nope`)).status).toBe(404);
  });

  it("has no bulk delete and no GET by instance id (reference §11, §8.12)", async () => {
    const object = await createRequestsObject();
    const { accountId } = await createBasics(t.api);
    const inst = await t.api.post(`/resources/customObjects/${object.id}/instances`, { name: "x", customerId: accountId });
    expect((await t.api.del(`/resources/customObjects/${object.id}/instances`)).status).toBe(404);
    expect((await t.api.get(`/resources/customObjects/${object.id}/instances/${inst.body.id}`)).status).toBe(404);
  });

  it("lenient: unknown trait keys are stored and a duplicate externalId upserts", async () => {
    await t.control.setSettings({ strict: false });
    try {
      const object = await createRequestsObject();
      const { accountId } = await createBasics(t.api);
      const url = `/resources/customObjects/${object.id}/instances`;
      const externalId = uid("len");
      const first = await t.api.post(url, { name: "x", externalId, customerId: accountId, traits: { free: 1 } });
      expect(first.body.traits).toEqual({ free: 1 });
      const second = await t.api.post(url, { name: "y", externalId, traits: { other: 2 } });
      expect(second.body.id).toBe(first.body.id);
      expect(second.body).toMatchObject({ name: "y", traits: { free: 1, other: 2 } });
    } finally {
      await t.control.setSettings({ strict: true });
    }
  });
});

describe("custom traits (customFields)", () => {
  it("lists seeded model traits as a bare array sorted by label and validates model", async () => {
    await t.control.seed("sk_live_contract_a", {
      customFields: [
        { model: "accounts", label: "Zeta score", type: "number" },
        { model: "accounts", label: "Alpha tier", type: "string", options: [{ label: "Gold", value: "gold" }] },
        { model: "users", label: "Role", type: "string" },
      ],
    });
    const accounts = await t.api.get("/resources/customFields?model=accounts");
    expect(accounts.status).toBe(200);
    expect(accounts.body.map((f: Json) => [f.label, f.path])).toEqual([
      ["Alpha tier", "vitally.custom.alphaTier"],
      ["Zeta score", "vitally.custom.zetaScore"],
    ]);
    expect(accounts.body[0].options).toEqual([{ label: "Gold", value: "gold" }]);
    const all = await t.api.get("/resources/customFields");
    expect(all.body.map((f: Json) => f.label)).toEqual(expect.arrayContaining(["Alpha tier", "Role", "Status"]));
    expect((await t.api.get("/resources/customFields?model=widgets")).status).toBe(400);
    expect((await t.api.get("/resources/customFields?model=customObjects")).body).toEqual({ message: "customObjectId is required when model is customObjects" });
  });
});
