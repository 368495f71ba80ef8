import { afterAll, describe, expect, it } from "vitest";
import { settleBackgroundWork } from "@/app/api/v1/_lib/handler";
import { apiWorkspace } from "@/app/api/v1/_lib/test-client";
import { ZApiCustomField, ZApiCustomFieldList } from "@/lib/custom-fields/schemas";
import { db } from "@/lib/db";

afterAll(settleBackgroundWork);

const product = { name: "Product", kind: "category", type: "select", allowedValues: ["Exports", "Billing"], description: "Product area" };

describe("custom fields API", () => {
  it("creates (201), updates (200), and a repeat changes nothing; one event per change", async () => {
    const api = await apiWorkspace();
    const created = await api.call("PUT", "/api/v1/custom-fields/product", { body: product });
    expect(created.status).toBe(201);
    expect(ZApiCustomField.parse(created.body)).toMatchObject({ key: "product", kind: "category", type: "select", archived: false });

    const same = await api.call("PUT", "/api/v1/custom-fields/product", { body: product });
    expect(same.status).toBe(200);
    expect(same.body.updatedAt).toBe(created.body.updatedAt);

    const updated = await api.call("PUT", "/api/v1/custom-fields/product", {
      body: { ...product, allowedValues: ["Exports", "Billing", "SSO"], archived: true },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, allowedValues: ["Exports", "Billing", "SSO"], archived: true });

    const list = await api.call("GET", "/api/v1/custom-fields");
    expect(ZApiCustomFieldList.parse(list.body).data.map((f) => f.key)).toEqual(["product"]);

    const events = await db().outboxEvent.findMany({ where: { workspaceId: api.workspace.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.name, e.aggregateType, (e.payload as { change: string }).change])).toEqual([
      ["ferry/custom-field.upserted", "custom_field", "created"],
      ["ferry/custom-field.upserted", "custom_field", "updated"],
    ]);
  });

  it("answers 400 naming each field, and writes nothing", async () => {
    const api = await apiWorkspace();
    const res = await api.call("PUT", "/api/v1/custom-fields/product", {
      body: { name: "", kind: "label", type: "select", allowedValues: ["A", "A"], archived: "yes" },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["archived", "kind", "name"]);
    const values = await api.call("PUT", "/api/v1/custom-fields/product", { body: { name: "P", kind: "tag", type: "select", allowedValues: ["A", "A"] } });
    expect(values.body.error.fields).toEqual({ "allowedValues.1": ['"A" is listed twice.'] });
    const none = await api.call("PUT", "/api/v1/custom-fields/product", { body: { name: "P", kind: "tag", type: "multi_select" } });
    expect(none.body.error.fields).toHaveProperty("allowedValues");
    const text = await api.call("PUT", "/api/v1/custom-fields/notes", { body: { name: "Notes", kind: "tag", type: "text", allowedValues: ["x"] } });
    expect(text.body.error.fields).toHaveProperty("allowedValues");
    const badKey = await api.call("PUT", "/api/v1/custom-fields/Product%20Area", { body: product });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.fields).toHaveProperty("key");
    expect(await db().customField.count({ where: { workspaceId: api.workspace.id } })).toBe(0);
    expect(await db().outboxEvent.count({ where: { workspaceId: api.workspace.id } })).toBe(0);
  });

  it("two first-time upserts of one key racing make one field", async () => {
    const api = await apiWorkspace();
    const results = await Promise.all([
      api.call("PUT", "/api/v1/custom-fields/tier", { body: { name: "Tier", kind: "tag", type: "text" } }),
      api.call("PUT", "/api/v1/custom-fields/tier", { body: { name: "Tier level", kind: "tag", type: "text" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(await db().customField.count({ where: { workspaceId: api.workspace.id } })).toBe(1);
  });
});
