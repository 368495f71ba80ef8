import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMINS, DEMO_KEY, DEMO_SUBDOMAIN } from "./seed-demo";
import { createBasics, startSandbox, uid, type ApiClient, type Json, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
let api: ApiClient;
let adminId: string;
beforeAll(async () => {
  t = await startSandbox({ seed: "demo" });
  api = t.client(DEMO_KEY, DEMO_SUBDOMAIN);
  adminId = (await api.get(`/resources/admins/search?email=${DEMO_ADMINS.active}`)).body.id;
});
afterAll(() => t.close());

function message(externalId: string, from: Json, to: Json[], text = "<p>Hello</p>") {
  return { externalId, message: text, from, to };
}

// Reference §8.5 (conversations) and §8.6 (messages).
describe("conversations and messages", () => {
  it("creates a conversation with messages; list rows omit messages, GET includes them", async () => {
    const { userId, accountId } = await createBasics(api);
    const externalId = uid("thread");
    const created = await api.post("/resources/conversations", {
      externalId,
      subject: "Help",
      messages: [message(uid("m"), { type: "user", id: userId }, [{ type: "admin", id: adminId }])],
      traits: { "zendesk.status": "open" },
    });
    expect(created.status).toBe(200);
    expect(created.body.messages).toHaveLength(1);
    expect(created.body.messages[0]).toMatchObject({ type: "inbound", conversationId: created.body.id });

    const list = await api.get("/resources/conversations?limit=100");
    const row = list.body.results.find((c: Json) => c.id === created.body.id);
    expect(row).toBeDefined();
    expect(row.messages).toBeUndefined();
    expect(row).toMatchObject({ externalId, subject: "Help", status: "open" });

    const got = await api.get(`/resources/conversations/${created.body.id}`);
    expect(got.body.messages[0].message).toBe("<p>Hello</p>");
    expect(got.body.accounts.map((a: Json) => a.id)).toContain(accountId);

    const viaAccount = await api.get(`/resources/accounts/${accountId}/conversations`);
    expect(viaAccount.body.results.map((c: Json) => c.id)).toEqual([created.body.id]);
  });

  it("PUT upserts messages by externalId; POST …/messages appends; admin sender → outbound", async () => {
    const { userId } = await createBasics(api);
    const first = uid("m1");
    const conv = await api.post("/resources/conversations", {
      subject: "Thread",
      messages: [message(first, { type: "user", id: userId }, [{ type: "admin", id: adminId }], "v1")],
    });
    const put = await api.put(`/resources/conversations/${conv.body.id}`, {
      messages: [
        message(first, { type: "user", id: userId }, [{ type: "admin", id: adminId }], "v2"),
        message(uid("m2"), { type: "admin", id: adminId }, [{ type: "user", id: userId }], "reply"),
      ],
      traits: { a: 1 },
    });
    expect(put.status).toBe(200);
    expect(put.body.messages.map((m: Json) => [m.message, m.type])).toEqual([
      ["v2", "inbound"],
      ["reply", "outbound"],
    ]);
    const appended = await api.post(`/resources/conversations/${conv.body.id}/messages`, message(uid("m3"), { type: "admin", id: adminId }, [{ type: "user", id: userId }]));
    expect(appended.status).toBe(200);
    expect(appended.body.conversationId).toBe(conv.body.id);
    expect((await api.get(`/resources/messages/${appended.body.id}`)).body.id).toBe(appended.body.id);
    expect((await api.get(`/resources/messages/${appended.body.externalId}`)).body.id).toBe(appended.body.id);
    const dup = await api.post(`/resources/conversations/${conv.body.id}/messages`, message(first, { type: "user", id: userId }, []));
    expect(dup.status).toBe(400);
    expect((await api.del(`/resources/messages/${appended.body.id}`)).status).toBe(200);
    expect((await api.get(`/resources/messages/${appended.body.id}`)).status).toBe(404);
    expect((await api.get(`/resources/conversations/${conv.body.id}`)).body.messages).toHaveLength(2);
  });

  it("validates messages: required fields, participant type and existing participants", async () => {
    const { userId } = await createBasics(api);
    const noSubject = await api.post("/resources/conversations", { messages: [] });
    expect(noSubject.body).toEqual({ message: "subject is required" });
    const noMessages = await api.post("/resources/conversations", { subject: "x" });
    expect(noMessages.body).toEqual({ message: "messages is required" });
    const noText = await api.post("/resources/conversations", {
      subject: "x",
      messages: [{ externalId: "m", from: { type: "user", id: userId }, to: [] }],
    });
    expect(noText.body).toEqual({ message: "messages[0].message is required" });
    const badType = await api.post("/resources/conversations", {
      subject: "x",
      messages: [message("m", { type: "customer", id: userId }, [])],
    });
    expect(badType.status).toBe(400);
    expect(badType.body.message).toMatch(/^messages\[0\]\.from\.type/);
    const ghost = await api.post("/resources/conversations", {
      subject: "x",
      messages: [message("m", { type: "user", id: "ghost" }, [])],
    });
    expect(ghost.body.message).toMatch(/^messages\[0\]\.from\.id/);
  });

  it("strict: duplicate conversation externalId is a 400; GET takes the Vitally id only", async () => {
    const externalId = uid("conv");
    const conv = await api.post("/resources/conversations", { externalId, subject: "x", messages: [] });
    expect((await api.post("/resources/conversations", { externalId, subject: "y", messages: [] })).status).toBe(400);
    expect((await api.get(`/resources/conversations/${externalId}`)).status).toBe(404);
    expect((await api.get(`/resources/conversations/${conv.body.id}/messages`)).status).toBe(404);
  });

  it("DELETE removes the conversation and its messages", async () => {
    const { userId } = await createBasics(api);
    const conv = await api.post("/resources/conversations", {
      subject: "bye",
      messages: [message(uid("m"), { type: "user", id: userId }, [])],
    });
    const messageId = conv.body.messages[0].id;
    expect((await api.del(`/resources/conversations/${conv.body.id}`)).status).toBe(200);
    expect((await api.get(`/resources/conversations/${conv.body.id}`)).status).toBe(404);
    expect((await api.get(`/resources/messages/${messageId}`)).status).toBe(404);
  });
});
