import { afterAll, describe, expect, it } from "vitest";
import { settleBackgroundWork } from "@/app/api/v1/_lib/handler";
import { apiWorkspace, requestBody } from "@/app/api/v1/_lib/test-client";
import { db } from "@/lib/db";
import { ZApiMessage } from "@/lib/requests/schemas";

afterAll(settleBackgroundWork);

async function withRequest() {
  const api = await apiWorkspace();
  const created = await api.call("POST", "/api/v1/requests", { body: requestBody({ externalId: "T-5", updatedAt: "2026-01-01T00:00:00Z", createdAt: "2026-01-01T00:00:00Z" }) });
  return { api, request: created.body };
}

const events = (requestId: string) => db().outboxEvent.findMany({ where: { aggregateId: requestId }, orderBy: { id: "asc" } });

describe("messages API", () => {
  it("adds, edits and deletes messages, one event each with increasing versions", async () => {
    const { api, request } = await withRequest();
    const add = await api.call("POST", "/api/v1/requests/ext:T-5/messages", {
      body: {
        thread: "customer",
        externalId: "slack-1700000000.0001",
        author: { type: "customer", name: "Dana Whitfield", email: "dana@northwind.example.com", platformId: "U02ABCDEF" },
        text: "Any update?",
        attachments: [{ name: "screen.png", url: "https://files.example.com/screen.png" }],
        sentAt: "2026-01-02T10:00:00Z",
      },
    });
    expect(add.status).toBe(201);
    const message = ZApiMessage.parse(add.body);
    expect(message).toMatchObject({
      requestId: request.id,
      thread: "customer",
      author: { type: "customer", name: "Dana Whitfield", email: "dana@northwind.example.com", platformId: "U02ABCDEF" },
      attachments: [{ name: "screen.png", url: "https://files.example.com/screen.png", size: null }],
      sentAt: "2026-01-02T10:00:00.000Z",
      editedAt: null,
      deletedAt: null,
    });

    const edit = await api.call("PATCH", `/api/v1/requests/${request.id}/messages/ext:slack-1700000000.0001`, {
      body: { text: "Any update? (edited)", editedAt: "2026-01-02T10:05:00Z" },
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ id: message.id, text: "Any update? (edited)", editedAt: "2026-01-02T10:05:00.000Z", attachments: [{ name: "screen.png" }] });

    const del = await api.call("DELETE", `/api/v1/requests/${request.number}/messages/${message.id}`);
    expect(del.status).toBe(200);
    expect(del.body.deletedAt).not.toBeNull();

    const got = await api.call("GET", `/api/v1/requests/${request.id}`);
    expect(got.body.messages).toEqual([]);
    expect(got.body.version).toBe(4);
    expect(got.body.updatedAt).toBe(del.body.deletedAt);

    const all = await events(request.id);
    expect(all.map((e) => [e.name, (e.payload as { version: number }).version])).toEqual([
      ["ferry/request.created", 1],
      ["ferry/request.message-added", 2],
      ["ferry/request.message-edited", 3],
      ["ferry/request.message-deleted", 4],
    ]);
    expect(all[1].payload).toMatchObject({ messageId: message.id, thread: "CUSTOMER" });
  });

  it("a no-op edit and a repeated delete write nothing and emit nothing", async () => {
    const { api, request } = await withRequest();
    const add = await api.call("POST", `/api/v1/requests/${request.id}/messages`, {
      body: { thread: "internal", author: { type: "team", name: "Sam" }, text: "Checking logs" },
    });
    const same = await api.call("PATCH", `/api/v1/requests/${request.id}/messages/${add.body.id}`, { body: { text: "Checking logs" } });
    expect(same.status).toBe(200);
    expect(same.body.editedAt).toBeNull();
    await api.call("DELETE", `/api/v1/requests/${request.id}/messages/${add.body.id}`);
    const again = await api.call("DELETE", `/api/v1/requests/${request.id}/messages/${add.body.id}`);
    expect(again.status).toBe(200);
    expect((await events(request.id)).map((e) => e.name)).toEqual([
      "ferry/request.created",
      "ferry/request.message-added",
      "ferry/request.message-deleted",
    ]);
    const edited = await api.call("PATCH", `/api/v1/requests/${request.id}/messages/${add.body.id}`, { body: { text: "new" } });
    expect(edited.status).toBe(409);
  });

  it("answers 400 naming each field for a bad message, and writes nothing", async () => {
    const { api, request } = await withRequest();
    const res = await api.call("POST", `/api/v1/requests/${request.id}/messages`, {
      body: {
        thread: "public",
        author: { type: "customer", email: "dana@" },
        text: "",
        attachments: [{ name: "x", url: "file:///etc/passwd", size: -1 }],
        sentAt: "2026-13-01",
      },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      "attachments.0.size",
      "attachments.0.url",
      "author.email",
      "author.name",
      "sentAt",
      "thread",
    ]);
    const empty = await api.call("POST", `/api/v1/requests/${request.id}/messages`, {
      body: { thread: "customer", author: { type: "customer", name: "Dana" }, text: "  " },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual({ text: ["A message needs text or at least one attachment."] });
    const badEdit = await api.call("PATCH", `/api/v1/requests/${request.id}/messages/ext:none`, { body: {} });
    expect(badEdit.status).toBe(400);
    expect(await db().requestMessage.count({ where: { requestId: request.id } })).toBe(0);
    expect((await events(request.id)).length).toBe(1);
    expect((await db().request.findUniqueOrThrow({ where: { id: request.id } })).version).toBe(1);
  });

  it("answers 409 for a message externalId already used on the request, 404 for unknown messages", async () => {
    const { api, request } = await withRequest();
    const body = { thread: "customer", externalId: "m-1", author: { type: "customer", name: "Dana" }, text: "hello" };
    expect((await api.call("POST", `/api/v1/requests/${request.id}/messages`, { body })).status).toBe(201);
    const dup = await api.call("POST", `/api/v1/requests/${request.id}/messages`, { body });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toHaveProperty("externalId");
    expect((await api.call("PATCH", `/api/v1/requests/${request.id}/messages/ext:m-2`, { body: { text: "x" } })).status).toBe(404);
    expect((await api.call("DELETE", `/api/v1/requests/${request.id}/messages/123`)).status).toBe(404);
    expect((await api.call("POST", "/api/v1/requests/9999/messages", { body })).status).toBe(404);
  });

  it("a message of another request is not found through this request", async () => {
    const { api, request } = await withRequest();
    const other = await api.call("POST", "/api/v1/requests", {
      body: requestBody({ messages: [{ thread: "customer", author: { type: "customer", name: "Dana" }, text: "other" }] }),
    });
    const res = await api.call("DELETE", `/api/v1/requests/${request.id}/messages/${other.body.messages[0].id}`);
    expect(res.status).toBe(404);
  });
});
