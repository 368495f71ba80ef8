import { afterAll, describe, expect, it } from "vitest";
import { settleBackgroundWork } from "@/app/api/v1/_lib/handler";
import { apiWorkspace, requestBody } from "@/app/api/v1/_lib/test-client";
import { db } from "@/lib/db";
import { upsertCustomField } from "@/lib/custom-fields/upsert-custom-field";
import { ZApiRequest, ZApiRequestPage } from "@/lib/requests/schemas";

afterAll(settleBackgroundWork);

async function writtenFor(workspaceId: string) {
  const [requests, messages, events] = await Promise.all([
    db().request.count({ where: { workspaceId } }),
    db().requestMessage.count({ where: { workspaceId } }),
    db().outboxEvent.count({ where: { workspaceId } }),
  ]);
  return { requests, messages, events };
}

describe("POST /api/v1/requests", () => {
  it("creates a request with every attribute and its threads (201)", async () => {
    const api = await apiWorkspace();
    await upsertCustomField({
      workspaceId: api.workspace.id,
      key: "product",
      data: { name: "Product", kind: "category", type: "select", allowedValues: ["Exports", "Billing"] },
    });
    const body = requestBody({
      externalId: "T-1001",
      channel: "ms_teams",
      summary: "Exports over 50k rows time out.",
      status: "in_progress",
      urgency: "high",
      sentiment: "negative",
      aiTags: ["bug", "exports"],
      assignee: { name: "Sam Ortiz", email: "Sam@Support.example.com" },
      permalink: "https://northwind.slack.com/archives/C1/p1700000000",
      internalNotificationLink: "https://support.slack.com/archives/C9/p1700000001",
      webLink: "https://platform.example.com/requests/1001",
      csat: { rating: 4, comment: "Quick answer" },
      createdAt: "2026-03-01T09:00:00Z",
      updatedAt: "2026-03-01T09:30:00+01:00",
      customFields: { product: "Exports" },
      messages: [
        { thread: "customer", author: { type: "customer", name: "Dana Whitfield" }, text: "It is still spinning", sentAt: "2026-03-01T09:05:00Z", externalId: "m-1" },
        {
          thread: "internal",
          author: { type: "team", name: "Sam Ortiz", email: "sam@support.example.com" },
          text: "",
          attachments: [{ name: "trace.txt", url: "https://files.example.com/trace.txt", size: 2048 }],
          sentAt: "2026-03-01T09:04:00Z",
        },
      ],
    });
    const res = await api.call("POST", "/api/v1/requests", { body });

    expect(res.status).toBe(201);
    const created = ZApiRequest.parse(res.body);
    expect(res.headers.get("location")).toBe(`/api/v1/requests/${created.id}`);
    expect(created).toMatchObject({
      number: 1,
      externalId: "T-1001",
      channel: "ms_teams",
      status: "in_progress",
      urgency: "high",
      sentiment: "negative",
      aiTags: ["bug", "exports"],
      assignee: { name: "Sam Ortiz", email: "sam@support.example.com" },
      requestor: { name: "Dana Whitfield", email: "dana@northwind.example.com", platformId: "U02ABCDEF", company: "Northwind" },
      csat: { rating: 4, comment: "Quick answer" },
      createdAt: "2026-03-01T09:00:00.000Z",
      updatedAt: "2026-03-01T08:30:00.000Z",
      closedAt: null,
      customFields: { product: "Exports" },
      version: 1,
    });
    expect(created.messages.map((m) => [m.thread, m.author.type, m.text, m.attachments.length])).toEqual([
      ["internal", "team", "", 1],
      ["customer", "customer", "It is still spinning", 0],
    ]);

    const row = await db().request.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.channel).toBe("MS_TEAMS");
    expect(row.status).toBe("IN_PROGRESS");
    const events = await db().outboxEvent.findMany({ where: { workspaceId: api.workspace.id, aggregateType: "request" } });
    expect(events.map((e) => [e.name, e.aggregateId, (e.payload as { version: number }).version])).toEqual([
      ["ferry/request.created", created.id, 1],
    ]);
  });

  it("applies defaults: status open, createdAt now, closedAt when created closed", async () => {
    const api = await apiWorkspace();
    const before = Date.now();
    const open = await api.call("POST", "/api/v1/requests", { body: requestBody() });
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ status: "open", aiTags: [], assignee: null, csat: null, customFields: {}, messages: [] });
    expect(Date.parse(open.body.createdAt)).toBeGreaterThanOrEqual(before - 5);
    expect(open.body.updatedAt).toBe(open.body.createdAt);

    const closed = await api.call("POST", "/api/v1/requests", {
      body: requestBody({ status: "closed", updatedAt: "2026-02-02T10:00:00Z", createdAt: "2026-02-01T10:00:00Z", closedBy: "Sam" }),
    });
    expect(closed.body).toMatchObject({ number: 2, status: "closed", closedAt: "2026-02-02T10:00:00.000Z", closedBy: "Sam" });
  });

  it("answers 400 naming every field at fault, and writes nothing", async () => {
    const api = await apiWorkspace();
    await upsertCustomField({
      workspaceId: api.workspace.id,
      key: "product",
      data: { name: "Product", kind: "category", type: "select", allowedValues: ["Exports"] },
    });
    const res = await api.call("POST", "/api/v1/requests", {
      body: {
        channel: "fax",
        title: "",
        requestor: { email: "not-an-email", nickname: "D" },
        permalink: "javascript:alert(1)",
        webLink: "ftp://files.example.com/x",
        csat: { rating: 6 },
        urgency: "URGENT",
        createdAt: "yesterday",
        aiTags: "bug",
        customFields: { product: "Billing", region: "EU", "Bad Key": "x" },
        messages: [{ thread: "customer", author: { type: "bot", name: "X" }, text: "hi" }],
        colour: "blue",
      },
    });

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(res.body.error.message).toEqual(expect.any(String));
    expect(Object.keys(res.body.error.fields).sort()).toEqual(
      [
        "aiTags",
        "channel",
        "colour",
        "createdAt",
        "csat.rating",
        "customFields.Bad Key",
        "customFields.product",
        "customFields.region",
        "messageText",
        "messages.0.author.type",
        "permalink",
        "requestor.email",
        "requestor.name",
        "requestor.nickname",
        "title",
        "urgency",
        "webLink",
      ].sort(),
    );
    expect(res.body.error.fields.messageText).toEqual(["Required."]);
    expect(res.body.error.fields.colour).toEqual(["Unknown field."]);
    expect(res.body.error.fields["customFields.region"][0]).toMatch(/Unknown custom field/);
    expect(res.body.error.fields["customFields.product"][0]).toMatch(/"Billing" is not allowed/);
    expect(await writtenFor(api.workspace.id)).toEqual({ requests: 0, messages: 0, events: 1 }); // the custom field's own event only
  });

  it("answers 400 for malformed JSON, a non-object body and an empty body; 413 over 1 MB", async () => {
    const api = await apiWorkspace();
    const malformed = await api.call("POST", "/api/v1/requests", { rawBody: '{"title": "x",', headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid_json");
    const array = await api.call("POST", "/api/v1/requests", { body: [requestBody()] });
    expect(array.status).toBe(400);
    expect(array.body.error.fields).toHaveProperty("(body)");
    expect((await api.call("POST", "/api/v1/requests", { rawBody: "" })).status).toBe(400);
    const big = await api.call("POST", "/api/v1/requests", { body: requestBody({ summary: "x".repeat(1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
    expect(await writtenFor(api.workspace.id)).toEqual({ requests: 0, messages: 0, events: 0 });
  });

  it("answers 409 for a taken externalId, and the failed create uses up no number", async () => {
    const api = await apiWorkspace();
    expect((await api.call("POST", "/api/v1/requests", { body: requestBody({ externalId: "T-1" }) })).status).toBe(201);
    const dup = await api.call("POST", "/api/v1/requests", { body: requestBody({ externalId: "T-1" }) });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: "conflict", fields: { externalId: [expect.any(String)] } });
    const next = await api.call("POST", "/api/v1/requests", { body: requestBody({ externalId: "T-2" }) });
    expect(next.body.number).toBe(2);
    expect(await writtenFor(api.workspace.id)).toEqual({ requests: 2, messages: 0, events: 2 });
  });
});

describe("GET /api/v1/requests/{ref}", () => {
  it("reads a request by id, number and ext:externalId, without deleted messages", async () => {
    const api = await apiWorkspace();
    const created = await api.call("POST", "/api/v1/requests", {
      body: requestBody({
        externalId: "T/77 x",
        messages: [
          { thread: "customer", author: { type: "customer", name: "Dana" }, text: "one", externalId: "a" },
          { thread: "customer", author: { type: "customer", name: "Dana" }, text: "two", externalId: "b" },
        ],
      }),
    });
    await api.call("DELETE", `/api/v1/requests/${created.body.id}/messages/ext:a`);

    for (const ref of [created.body.id, String(created.body.number), `ext:${encodeURIComponent("T/77 x")}`]) {
      const res = await api.call("GET", `/api/v1/requests/${ref}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(created.body.id);
      expect(res.body.messages.map((m: { text: string }) => m.text)).toEqual(["two"]);
      expect(res.body.version).toBe(2);
    }
  });

  it("answers 404 for refs that name nothing", async () => {
    const api = await apiWorkspace();
    for (const ref of ["999", "ext:nope", "0b6f7a52-9c1e-4a8e-9d55-2f7e0d1c3b4a", "garbage"]) {
      const res = await api.call("GET", `/api/v1/requests/${ref}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });
});

describe("PATCH /api/v1/requests/{ref}", () => {
  it("updates only the fields given, clears with null, and records the change", async () => {
    const api = await apiWorkspace();
    const created = await api.call("POST", "/api/v1/requests", {
      body: requestBody({ urgency: "low", assignee: { name: "Sam" }, summary: "old summary" }),
    });
    const res = await api.call("PATCH", `/api/v1/requests/${created.body.number}`, {
      body: { status: "closed", urgency: null, requestor: { company: "Northwind Ltd" }, closedBy: "Sam" },
    });
    expect(res.status).toBe(200);
    const updated = ZApiRequest.parse(res.body);
    expect(updated).toMatchObject({
      status: "closed",
      urgency: null,
      closedBy: "Sam",
      summary: "old summary",
      assignee: { name: "Sam", email: null },
      requestor: { name: "Dana Whitfield", company: "Northwind Ltd", email: "dana@northwind.example.com" },
      version: 2,
    });
    expect(updated.closedAt).not.toBeNull();
    const event = await db().outboxEvent.findFirstOrThrow({ where: { workspaceId: api.workspace.id, name: "ferry/request.updated" } });
    expect(event.payload).toMatchObject({ requestId: created.body.id, version: 2, changed: ["closedAt", "closedBy", "requestor", "status", "urgency"] });
  });

  it("answers 400 naming each field, and changes nothing", async () => {
    const api = await apiWorkspace();
    const created = await api.call("POST", "/api/v1/requests", { body: requestBody() });
    const res = await api.call("PATCH", `/api/v1/requests/${created.body.id}`, {
      body: { status: "done", title: null, requestor: { email: "nope" }, csat: { rating: 0 }, customFields: { tier: "gold" } },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["csat.rating", "customFields.tier", "requestor.email", "status", "title"]);
    const row = await db().request.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.version).toBe(1);
    expect(await db().outboxEvent.count({ where: { workspaceId: api.workspace.id, name: "ferry/request.updated" } })).toBe(0);
  });

  it("answers 404 for an unknown request", async () => {
    const api = await apiWorkspace();
    const res = await api.call("PATCH", "/api/v1/requests/42", { body: { title: "x" } });
    expect(res.status).toBe(404);
  });
});

describe("GET /api/v1/requests", () => {
  it("pages newest first with a keyset cursor and filters by status", async () => {
    const api = await apiWorkspace();
    for (let i = 1; i <= 5; i++) {
      await api.call("POST", "/api/v1/requests", {
        body: requestBody({ title: `R${i}`, createdAt: `2026-01-0${i}T00:00:00Z`, status: i % 2 ? "open" : "closed" }),
      });
    }
    const first = await api.call("GET", "/api/v1/requests?limit=2");
    expect(first.status).toBe(200);
    const page1 = ZApiRequestPage.parse(first.body);
    expect(page1.data.map((r) => r.title)).toEqual(["R5", "R4"]);
    const second = await api.call("GET", `/api/v1/requests?limit=2&cursor=${page1.nextCursor}`);
    expect(second.body.data.map((r: { title: string }) => r.title)).toEqual(["R3", "R2"]);
    const last = await api.call("GET", `/api/v1/requests?limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body).toMatchObject({ data: [{ title: "R1" }], nextCursor: null });
    const open = await api.call("GET", "/api/v1/requests?status=open");
    expect(open.body.data.map((r: { title: string }) => r.title)).toEqual(["R5", "R3", "R1"]);
  });

  it("answers 400 for bad query parameters", async () => {
    const api = await apiWorkspace();
    const res = await api.call("GET", "/api/v1/requests?limit=1000&status=done&cursor=zzz&sort=title");
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["limit", "sort", "status"]);
    const cursor = await api.call("GET", "/api/v1/requests?cursor=zzz");
    expect(cursor.body.error.fields).toHaveProperty("cursor");
  });
});

describe("unknown API paths", () => {
  it("answer a JSON 404", async () => {
    const api = await apiWorkspace();
    const res = await api.call("GET", "/api/v1/tickets");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
