import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { EVENT_SCHEMAS } from "@/lib/events/catalog";
import { upsertCustomField } from "@/lib/custom-fields/upsert-custom-field";
import { getRequest } from "@/lib/requests/get-request";
import { createRequest, parseCreateRequest } from "@/lib/requests/create-request";
import { insertRequest } from "@/lib/requests/insert-request";
import type { CreateRequestInput } from "@/lib/requests/schemas";
import { createWorkspace } from "@/tests/factories";

const input = (overrides: Partial<CreateRequestInput> = {}): CreateRequestInput => ({
  channel: "email",
  title: "Invoice shows the wrong VAT rate",
  messageText: "Our March invoice has 19% VAT instead of 7%.",
  requestor: { name: "Lena Brandt", email: "lena@brandt-gmbh.example.de" },
  ...overrides,
});

describe("createRequest", () => {
  it("numbers concurrent creates in two workspaces independently, without gaps or duplicates", async () => {
    const [a, b] = await Promise.all([createWorkspace(), createWorkspace()]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createRequest({ workspaceId: i % 4 === 0 ? b.id : a.id, data: input({ title: `R${i}` }) })),
    );
    const numbersOf = (ws: string) =>
      results
        .filter((_, i) => (i % 4 === 0 ? b.id : a.id) === ws)
        .map((r) => r.body.number)
        .sort((x, y) => x - y);
    expect(numbersOf(a.id)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(numbersOf(b.id)).toEqual([1, 2, 3, 4, 5]);
    const rows = await db().request.findMany({ where: { workspaceId: a.id }, select: { number: true } });
    expect(new Set(rows.map((r) => r.number)).size).toBe(15);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: a.id } })).nextRequestNumber).toBe(16);
  });

  it("numbers 1..20 for 20 concurrent creates in one workspace", async () => {
    const ws = await createWorkspace();
    const results = await Promise.all(Array.from({ length: 20 }, () => createRequest({ workspaceId: ws.id, data: input() })));
    expect(results.map((r) => r.body.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("records exactly one ferry/request.created event with the request, in the same transaction", async () => {
    const ws = await createWorkspace();
    const { body } = await createRequest({ workspaceId: ws.id, data: input() });
    const events = await db().outboxEvent.findMany({ where: { workspaceId: ws.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      name: "ferry/request.created",
      aggregateType: "request",
      aggregateId: body.id,
      payload: { workspaceId: ws.id, requestId: body.id, number: 1, version: 1 },
      deliveredAt: null,
    });
  });

  it("a transaction that fails after the create leaves no request, no event and no used number", async () => {
    const ws = await createWorkspace();
    const { parsed, customValues } = await parseCreateRequest(db(), ws.id, input());
    await expect(
      db().$transaction(async (tx) => {
        const created = await insertRequest(tx, { workspaceId: ws.id, parsed, customValues, now: new Date() });
        expect(typeof created === "object" && created?.request.number).toBe(1);
        // A later write of the same unit fails: everything above must roll back with it.
        throw new Error("a later step failed");
      }),
    ).rejects.toThrow("a later step failed");
    expect(await db().request.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db().outboxEvent.count({ where: { workspaceId: ws.id } })).toBe(0);
    const { body } = await createRequest({ workspaceId: ws.id, data: input() });
    expect(body.number).toBe(1);
  });

  it("writes an event payload that the event catalog accepts, and messages with the request", async () => {
    const ws = await createWorkspace();
    const { body } = await createRequest({
      workspaceId: ws.id,
      data: input({
        messages: [
          {
            thread: "internal",
            externalId: "n-1",
            author: { type: "team", name: "Sam", email: "sam@support.example.com", platformId: "U1" },
            text: "Escalating",
            attachments: [{ name: "log.txt", url: "https://files.example.com/log.txt", size: 12 }],
            sentAt: "2026-04-01T10:00:00.123Z",
          },
        ],
      }),
    });
    const event = await db().outboxEvent.findFirstOrThrow({ where: { workspaceId: ws.id } });
    expect(EVENT_SCHEMAS["ferry/request.created"].parse(event.payload)).toEqual({ workspaceId: ws.id, requestId: body.id, number: 1, version: 1 });
    const stored = await db().requestMessage.findMany({ where: { requestId: body.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: body.messages[0].id,
      workspaceId: ws.id,
      externalId: "n-1",
      thread: "INTERNAL",
      authorType: "TEAM",
      authorEmail: "sam@support.example.com",
      authorPlatformId: "U1",
      attachments: [{ name: "log.txt", url: "https://files.example.com/log.txt", size: 12 }],
      sentAt: new Date("2026-04-01T10:00:00.123Z"),
    });
  });

  it("refuses duplicate message externalIds in one create", async () => {
    const ws = await createWorkspace();
    const message = { thread: "customer" as const, author: { type: "customer" as const, name: "Lena" }, text: "x", externalId: "m" };
    const err = await createRequest({ workspaceId: ws.id, data: input({ messages: [message, message] }) }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.fields).toEqual({ "messages.1.externalId": ["Duplicate externalId in messages."] });
    expect(await db().request.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("uses the injected clock for receivedAt and the default createdAt", async () => {
    const ws = await createWorkspace();
    const now = new Date("2026-04-01T12:00:00Z");
    const { body } = await createRequest({ workspaceId: ws.id, data: input() }, { now: () => now });
    expect(body).toMatchObject({ createdAt: now.toISOString(), updatedAt: now.toISOString(), receivedAt: now.toISOString() });
  });
});

describe("createRequest with custom values (cached definitions, version-guarded insert)", () => {
  const product = (allowedValues: string[], archived = false) => ({ name: "Product", kind: "category" as const, type: "select" as const, allowedValues, archived });
  const version = async (workspaceId: string) => (await db().workspace.findUniqueOrThrow({ where: { id: workspaceId } })).customFieldsVersion;

  it("every insert, update and delete of a custom field bumps the workspace's version (trigger), whoever writes it", async () => {
    const [ws, other] = await Promise.all([createWorkspace(), createWorkspace()]);
    const v0 = await version(ws.id);
    await upsertCustomField({ workspaceId: ws.id, key: "product", data: product(["Billing"]) });
    expect(await version(ws.id)).toBe(v0 + 1);
    await db().customField.updateMany({ where: { workspaceId: ws.id }, data: { allowedValues: ["Billing", "Analytics"] } });
    expect(await version(ws.id)).toBe(v0 + 2);
    await db().customField.deleteMany({ where: { workspaceId: ws.id } });
    expect(await version(ws.id)).toBe(v0 + 3);
    expect(await version(other.id)).toBe(0);
  });

  it("refuses a value of a field archived after the definitions were cached (the stale copy is caught by the version)", async () => {
    const ws = await createWorkspace();
    await upsertCustomField({ workspaceId: ws.id, key: "product", data: product(["Billing"]) });
    await createRequest({ workspaceId: ws.id, data: input({ customFields: { product: "Billing" } }) }); // caches the definitions
    // Archived behind this process's back (as another process or psql would): the cached copy still says it is open.
    await db().customField.updateMany({ where: { workspaceId: ws.id, key: "product" }, data: { archivedAt: new Date() } });
    const err = await createRequest({ workspaceId: ws.id, data: input({ customFields: { product: "Billing" } }) }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.fields).toEqual({ "customFields.product": ['The custom field "Product" is archived and takes no new values.'] });
    expect(await db().request.count({ where: { workspaceId: ws.id } })).toBe(1);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).nextRequestNumber).toBe(2);
  });

  it("accepts a value allowed after the definitions were cached (no 400 from a stale copy)", async () => {
    const ws = await createWorkspace();
    await upsertCustomField({ workspaceId: ws.id, key: "product", data: product(["Billing"]) });
    await createRequest({ workspaceId: ws.id, data: input({ customFields: { product: "Billing" } }) });
    await db().customField.updateMany({ where: { workspaceId: ws.id, key: "product" }, data: { allowedValues: ["Billing", "Analytics"] } });
    const { body } = await createRequest({ workspaceId: ws.id, data: input({ customFields: { product: "Analytics" } }) });
    expect(body).toMatchObject({ number: 2, customFields: { product: "Analytics" } });
  });

  it("an insert validated against an old version writes nothing: no request, no number, no event, no idempotency key", async () => {
    const ws = await createWorkspace();
    await upsertCustomField({ workspaceId: ws.id, key: "product", data: product(["Billing"]) });
    const { parsed, customValues, definitionsVersion } = await parseCreateRequest(db(), ws.id, input({ customFields: { product: "Billing" } }), { fresh: true });
    expect(definitionsVersion).toBe(await version(ws.id));
    await upsertCustomField({ workspaceId: ws.id, key: "product", data: product(["Billing"], true) });
    const claim = { key: "k-1", scope: "test", requestHash: "h" };
    const outcome = await insertRequest(db(), { workspaceId: ws.id, parsed, customValues, definitionsVersion, now: new Date(), claim });
    expect(outcome).toBe("definitions_changed");
    expect(await db().request.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db().outboxEvent.count({ where: { workspaceId: ws.id, name: "ferry/request.created" } })).toBe(0);
    expect(await db().idempotencyKey.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).nextRequestNumber).toBe(1);
  });

  it("answers with the request as a later read returns it (custom values in jsonb's key order)", async () => {
    const ws = await createWorkspace();
    await upsertCustomField({ workspaceId: ws.id, key: "product_area", data: product(["Billing"]) });
    await upsertCustomField({ workspaceId: ws.id, key: "tier", data: { name: "Tier", kind: "tag", type: "text", allowedValues: [] } });
    const { body } = await createRequest({ workspaceId: ws.id, data: input({ customFields: { product_area: "Billing", tier: "gold" }, aiTags: ["vat", "invoice"] }) });
    const read = await getRequest({ workspaceId: ws.id, ref: body.id });
    expect(JSON.stringify(body)).toBe(JSON.stringify(read));
  });

  it("an unknown workspace is a 404 with or without custom values", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(createRequest({ workspaceId: missing, data: input() })).rejects.toMatchObject({ code: "not_found" });
    await expect(createRequest({ workspaceId: missing, data: input({ customFields: { product: "Billing" } }) })).rejects.toMatchObject({ code: "invalid_input" });
  });
});

