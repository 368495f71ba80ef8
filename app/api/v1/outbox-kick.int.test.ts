import { afterAll, describe, expect, it, vi } from "vitest";

// Inngest is pointed at the loopback stub before any module creates the Inngest client.
const stub = await vi.hoisted(async () => {
  const { startInngestStub } = await import("@/scripts/inngest-stub.mjs");
  const started = await startInngestStub();
  process.env.INNGEST_DEV = started.url;
  return started;
});

const { settleBackgroundWork } = await import("@/app/api/v1/_lib/handler");
const { apiWorkspace, requestBody } = await import("@/app/api/v1/_lib/test-client");
const { db } = await import("@/lib/db");

afterAll(async () => {
  await settleBackgroundWork();
  await stub.close();
});

describe("after a successful write", () => {
  it("the outbox relay is woken and delivers the event to Inngest", async () => {
    const api = await apiWorkspace();
    const res = await api.call("POST", "/api/v1/requests", { body: requestBody() });
    expect(res.status).toBe(201);
    await settleBackgroundWork();

    const sent = stub.events().filter((e) => e.data.requestId === res.body.id);
    expect(sent.map((e) => [e.name, e.data.version])).toEqual([["ferry/request.created", 1]]);
    const row = await db().outboxEvent.findFirstOrThrow({ where: { aggregateId: res.body.id } });
    expect(row.deliveredAt).not.toBeNull();
  });
});
