import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { upsertCustomField } from "@/lib/custom-fields/upsert-custom-field";
import { createRequest } from "@/lib/requests/create-request";
import { getRequest } from "@/lib/requests/get-request";
import { updateRequest } from "@/lib/requests/update-request";
import { createWorkspace } from "@/tests/factories";

async function setup() {
  const ws = await createWorkspace();
  await upsertCustomField({ workspaceId: ws.id, key: "product", data: { name: "Product", kind: "category", type: "select", allowedValues: ["Exports", "Billing"] } });
  await upsertCustomField({ workspaceId: ws.id, key: "labels", data: { name: "Labels", kind: "tag", type: "multi_select", allowedValues: ["vip", "churn-risk", "beta"] } });
  await upsertCustomField({ workspaceId: ws.id, key: "seats", data: { name: "Seats", kind: "category", type: "number" } });
  const { body } = await createRequest({
    workspaceId: ws.id,
    data: {
      channel: "web",
      title: "SSO login loops",
      messageText: "After enabling SSO we get redirected forever.",
      status: "open",
      assignee: { name: "Sam Ortiz", email: "sam@support.example.com" },
      requestor: { name: "Ivy Chen", email: "ivy@contoso.example.com" },
      createdAt: "2026-05-01T08:00:00Z",
      customFields: { product: "Exports", labels: ["vip"] },
    },
  });
  return { ws, request: body };
}

const requestEvents = (workspaceId: string) =>
  db().outboxEvent.findMany({ where: { workspaceId, aggregateType: "request" }, orderBy: { id: "asc" } });

describe("updateRequest", () => {
  it("a no-op update writes nothing and emits nothing", async () => {
    const { ws, request } = await setup();
    const before = await db().request.findUniqueOrThrow({ where: { id: request.id } });
    const result = await updateRequest({
      workspaceId: ws.id,
      ref: request.id,
      data: {
        status: "open",
        title: "SSO login loops",
        assignee: { name: "Sam Ortiz", email: "SAM@support.example.com" },
        requestor: { name: "Ivy Chen" },
        customFields: { product: "Exports", labels: ["vip", "vip"] },
        updatedAt: "2026-06-01T00:00:00Z",
      },
    });
    expect(result.changed).toEqual([]);
    const after = await db().request.findUniqueOrThrow({ where: { id: request.id } });
    expect(after).toEqual(before);
    expect((await requestEvents(ws.id)).map((e) => e.name)).toEqual(["ferry/request.created"]);
  });

  it("emits one event per change with the changed fields and an increasing version", async () => {
    const { ws, request } = await setup();
    const now = new Date("2026-05-02T10:00:00Z");
    const first = await updateRequest({ workspaceId: ws.id, ref: request.id, data: { urgency: "urgent", customFields: { product: "Billing", seats: 40 } } }, { now: () => now });
    expect(first.changed).toEqual(["customFields.product", "customFields.seats", "urgency"]);
    expect(first.request).toMatchObject({ version: 2, updatedAt: now.toISOString(), customFields: { product: "Billing", labels: ["vip"], seats: 40 } });

    const second = await updateRequest({ workspaceId: ws.id, ref: String(request.number), data: { customFields: { labels: null }, assignee: null } });
    expect(second.changed).toEqual(["assignee", "customFields.labels"]);
    expect(second.request.customFields).toEqual({ product: "Billing", seats: 40 });
    expect(second.request.assignee).toBeNull();

    const events = await requestEvents(ws.id);
    expect(events.map((e) => [e.name, (e.payload as { version: number }).version])).toEqual([
      ["ferry/request.created", 1],
      ["ferry/request.updated", 2],
      ["ferry/request.updated", 3],
    ]);
    expect((events[2].payload as { changed: string[] }).changed).toEqual(["assignee", "customFields.labels"]);
  });

  it("closing sets closedAt (unless given) and reopening clears closedAt and closedBy", async () => {
    const { ws, request } = await setup();
    const closed = await updateRequest({
      workspaceId: ws.id,
      ref: request.id,
      data: { status: "closed", closedBy: "Sam Ortiz", updatedAt: "2026-05-03T09:00:00Z" },
    });
    expect(closed.request).toMatchObject({ status: "closed", closedAt: "2026-05-03T09:00:00.000Z", closedBy: "Sam Ortiz" });
    const reopened = await updateRequest({ workspaceId: ws.id, ref: request.id, data: { status: "in_progress" } });
    expect(reopened.request).toMatchObject({ status: "in_progress", closedAt: null, closedBy: null });
    const explicit = await updateRequest({ workspaceId: ws.id, ref: request.id, data: { status: "closed", closedAt: "2026-05-04T00:00:00Z" } });
    expect(explicit.request.closedAt).toBe("2026-05-04T00:00:00.000Z");
  });

  it("validates custom values against the definitions and allows clearing unknown keys", async () => {
    const { ws, request } = await setup();
    const err = await updateRequest({
      workspaceId: ws.id,
      ref: request.id,
      data: { customFields: { product: "Nope", labels: ["vip", "unknown"], seats: "forty", region: "EU" } },
    }).catch((e) => e);
    expect(err.code).toBe("invalid_input");
    expect(Object.keys(err.fields).sort()).toEqual(["customFields.labels", "customFields.product", "customFields.region", "customFields.seats"]);
    const cleared = await updateRequest({ workspaceId: ws.id, ref: request.id, data: { customFields: { region: null } } });
    expect(cleared.changed).toEqual([]);
  });

  it("refuses values for an archived field but keeps its stored values", async () => {
    const { ws, request } = await setup();
    await upsertCustomField({ workspaceId: ws.id, key: "product", data: { name: "Product", kind: "category", type: "select", allowedValues: ["Exports", "Billing"], archived: true } });
    const err = await updateRequest({ workspaceId: ws.id, ref: request.id, data: { customFields: { product: "Billing" } } }).catch((e) => e);
    expect(err.fields["customFields.product"][0]).toMatch(/archived/);
    expect((await getRequest({ workspaceId: ws.id, ref: request.id })).customFields.product).toBe("Exports");
  });

  it("concurrent updates of one request get consecutive versions", async () => {
    const { ws, request } = await setup();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => updateRequest({ workspaceId: ws.id, ref: request.id, data: { title: `Title ${i}` } })),
    );
    const versions = (await requestEvents(ws.id)).map((e) => (e.payload as { version: number }).version);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await db().request.findUniqueOrThrow({ where: { id: request.id } })).version).toBe(9);
  });

  it("answers 409 when the new externalId is taken", async () => {
    const { ws, request } = await setup();
    await createRequest({ workspaceId: ws.id, data: { channel: "web", title: "x", messageText: "y", requestor: { name: "Z" }, externalId: "taken" } });
    const err = await updateRequest({ workspaceId: ws.id, ref: request.id, data: { externalId: "taken" } }).catch((e) => e);
    expect(err.code).toBe("conflict");
  });
});
