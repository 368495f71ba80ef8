import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/outbox/record-event";
import { outboxBacklog, outboxEventId, relayPending, type OutgoingEvent } from "@/lib/outbox/relay";
import { createWorkspace } from "@/tests/factories";

async function record(workspaceId: string, requestId: string, version: number) {
  await db().$transaction((tx) =>
    recordEvent(tx, {
      name: "ferry/request.updated",
      aggregateType: "request",
      aggregateId: requestId,
      payload: { workspaceId, requestId, number: 1, version, changed: ["status"] },
    }),
  );
}

describe("outbox relay", () => {
  beforeEach(async () => {
    // Deliver anything earlier tests left, so each test sees only its own events.
    await relayPending({ send: async () => {} });
  });

  it("delivers pending events in id order and marks them delivered", async () => {
    const ws = await createWorkspace();
    const a = randomUUID();
    const b = randomUUID();
    await record(ws.id, a, 1);
    await record(ws.id, b, 1);
    await record(ws.id, a, 2);

    const sent: OutgoingEvent[] = [];
    const result = await relayPending({ send: async (events) => void sent.push(...events) });

    expect(result).toMatchObject({ delivered: 3, failed: 0, skipped: false });
    expect(sent.map((e) => [e.data.requestId, e.data.version])).toEqual([[a, 1], [b, 1], [a, 2]]);
    expect(sent.every((e) => e.id.startsWith("ferry-outbox-"))).toBe(true);
    expect(await db().outboxEvent.count({ where: { workspaceId: ws.id, deliveredAt: null } })).toBe(0);
  });

  it("keeps events after a failed send and re-delivers them, same ids, in order", async () => {
    const ws = await createWorkspace();
    const r = randomUUID();
    await record(ws.id, r, 1);
    await record(ws.id, r, 2);

    const failed = await relayPending({ send: async () => { throw new Error("fetch failed"); } });
    expect(failed).toMatchObject({ delivered: 0, failed: 2, error: "fetch failed" });
    const rows = await db().outboxEvent.findMany({ where: { workspaceId: ws.id }, orderBy: { id: "asc" } });
    expect(rows.map((x) => [x.deliveredAt, x.attempts, x.lastError])).toEqual([[null, 1, "fetch failed"], [null, 1, "fetch failed"]]);
    expect((await outboxBacklog()).pending).toBeGreaterThanOrEqual(2);

    const sent: OutgoingEvent[] = [];
    const ok = await relayPending({ send: async (events) => void sent.push(...events) });
    expect(ok.delivered).toBe(2);
    expect(sent.map((e) => e.id)).toEqual(rows.map((x) => outboxEventId(x.id)));
    expect(sent.map((e) => e.data.version)).toEqual([1, 2]);
  });

  it("delivers in batches and stops at the first failing batch", async () => {
    const ws = await createWorkspace();
    const r = randomUUID();
    for (let v = 1; v <= 5; v++) await record(ws.id, r, v);
    let calls = 0;
    const result = await relayPending({
      batchSize: 2,
      send: async () => {
        calls++;
        if (calls === 2) throw new Error("boom");
      },
    });
    expect(result).toMatchObject({ delivered: 2, failed: 2 });
    const pending = await db().outboxEvent.findMany({ where: { workspaceId: ws.id, deliveredAt: null }, orderBy: { id: "asc" } });
    expect(pending.map((p) => (p.payload as { version: number }).version)).toEqual([3, 4, 5]);
  });

  it("lets only one relay run at a time", async () => {
    const ws = await createWorkspace();
    await record(ws.id, randomUUID(), 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = relayPending({ send: () => gate });
    await new Promise((r) => setTimeout(r, 200));
    const second = await relayPending({ send: async () => {} });
    expect(second.skipped).toBe(true);
    release();
    expect((await first).delivered).toBeGreaterThanOrEqual(1);
  });

  it("records nothing when the surrounding transaction fails", async () => {
    const ws = await createWorkspace();
    const r = randomUUID();
    await expect(
      db().$transaction(async (tx) => {
        await recordEvent(tx, {
          name: "ferry/request.created",
          aggregateType: "request",
          aggregateId: r,
          payload: { workspaceId: ws.id, requestId: r, number: 1, version: 1 },
        });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await db().outboxEvent.count({ where: { aggregateId: r } })).toBe(0);
  });

  it("refuses an event whose payload does not match its schema", async () => {
    const ws = await createWorkspace();
    await expect(
      db().$transaction((tx) =>
        recordEvent(tx, {
          name: "ferry/request.created",
          aggregateType: "request",
          aggregateId: "x",
          payload: { workspaceId: ws.id, requestId: "not-a-uuid", number: 1, version: 1 },
        }),
      ),
    ).rejects.toThrow();
  });
});
