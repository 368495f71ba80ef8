import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { EVENT_SCHEMAS } from "@/lib/events/catalog";
import { createRequest, insertRequest, parseCreateRequest } from "@/lib/requests/create-request";
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
        expect(created?.request.number).toBe(1);
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
