import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { upsertCustomField } from "@/lib/custom-fields/upsert-custom-field";
import { createRequest, parseCreateRequest } from "@/lib/requests/create-request";
import type { InsertInput } from "@/lib/requests/insert-request";
import { insertRequestBatch } from "@/lib/requests/insert-request-batch";
import { getRequest } from "@/lib/requests/get-request";
import type { CreateRequestInput } from "@/lib/requests/schemas";
import { createWorkspace } from "@/tests/factories";

const body = (overrides: Partial<CreateRequestInput> = {}): CreateRequestInput => ({
  channel: "slack",
  title: "Export fails",
  messageText: "The CSV export stops at 10k rows.",
  requestor: { name: "Ana", email: "ana@acme.example" },
  ...overrides,
});

async function prepared(workspaceId: string, data: CreateRequestInput, extra: Partial<InsertInput> = {}): Promise<InsertInput> {
  const p = await parseCreateRequest(db(), workspaceId, data, { fresh: true });
  return { workspaceId, ...p, now: new Date(), ...extra };
}

describe("insertRequestBatch", () => {
  it("gives each item the outcome it would have alone: created with consecutive numbers, key taken, definitions changed", async () => {
    const ws = await createWorkspace();
    await upsertCustomField({ workspaceId: ws.id, key: "product", data: { name: "Product", kind: "category", type: "select", allowedValues: ["Billing"] } });
    const taken = { key: "dup", scope: "POST /api/v1/requests", requestHash: "h" };
    const first = await createRequest({ workspaceId: ws.id, data: body({ title: "first" }), idempotency: taken });
    const stale = await prepared(ws.id, body({ title: "stale", customFields: { product: "Billing" } }));
    await upsertCustomField({ workspaceId: ws.id, key: "product", data: { name: "Product", kind: "category", type: "select", allowedValues: ["Billing", "Analytics"] } });
    const items = [
      await prepared(ws.id, body({ title: "a", messages: [{ thread: "customer", author: { type: "customer", name: "Ana" }, text: "hello" }] })),
      stale,
      await prepared(ws.id, body({ title: "b" }), { claim: taken }),
      await prepared(ws.id, body({ title: "c", customFields: { product: "Analytics" } }), { claim: { ...taken, key: "fresh" } }),
    ];
    const outcomes = await insertRequestBatch(db(), ws.id, items);
    expect(outcomes[1]).toBe("definitions_changed");
    expect(outcomes[2]).toBeNull();
    const created = [outcomes[0], outcomes[3]].map((o) => (typeof o === "object" && o ? o.request : null));
    expect(created.map((r) => [r?.title, r?.number])).toEqual([["a", 2], ["c", 3]]);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).nextRequestNumber).toBe(4);

    // What came back is what a read returns; messages, events (in number order) and the new key were written with them.
    for (const o of [outcomes[0], outcomes[3]]) {
      if (!o || typeof o !== "object") throw new Error("not created");
      const read = await getRequest({ workspaceId: ws.id, ref: o.request.id });
      expect(read).toMatchObject({ id: o.request.id, number: o.request.number, title: o.request.title, messages: o.messages.map((m) => ({ id: m.id, text: m.text })) });
    }
    const events = await db().outboxEvent.findMany({ where: { workspaceId: ws.id, name: "ferry/request.created" }, orderBy: { id: "asc" } });
    expect(events.map((e) => (e.payload as { number: number }).number)).toEqual([first.body.number, 2, 3]);
    expect(await db().idempotencyKey.count({ where: { workspaceId: ws.id, key: "fresh" } })).toBe(1);
    expect(await db().request.count({ where: { workspaceId: ws.id, title: { in: ["b", "stale"] } } })).toBe(0);
  });

  it("writes nothing at all when one item breaks the statement (an externalId already used)", async () => {
    const ws = await createWorkspace();
    await createRequest({ workspaceId: ws.id, data: body({ externalId: "T-1" }) });
    const items = [await prepared(ws.id, body({ title: "ok" })), await prepared(ws.id, body({ externalId: "T-1" }))];
    await expect(insertRequestBatch(db(), ws.id, items)).rejects.toThrow();
    expect(await db().request.count({ where: { workspaceId: ws.id } })).toBe(1);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).nextRequestNumber).toBe(2);
  });
});

describe("createRequest under concurrency (group commit)", () => {
  /** db() with its raw statements counted: the creates' inserts are its only raw statements here. */
  function countingDb() {
    let statements = 0;
    const real = db();
    const proxy = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "$queryRaw") {
          return (...args: unknown[]) => {
            statements++;
            return (target.$queryRaw as (...a: unknown[]) => unknown)(...args);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    return { db: proxy, statements: () => statements };
  }

  it("sends 40 concurrent creates of one workspace in a few statements, numbered 1..40 in arrival order", async () => {
    const ws = await createWorkspace();
    const counted = countingDb();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => createRequest({ workspaceId: ws.id, data: body({ title: `R${i}` }) }, { db: counted.db })),
    );
    expect(results.map((r) => r.body.number)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(counted.statements()).toBeLessThanOrEqual(3);
    expect(await db().outboxEvent.count({ where: { workspaceId: ws.id } })).toBe(40);
  });

  it("fails only the create at fault when a batch breaks: the others get numbers without gaps", async () => {
    const ws = await createWorkspace();
    await createRequest({ workspaceId: ws.id, data: body({ externalId: "T-1" }) });
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => createRequest({ workspaceId: ws.id, data: body({ title: `R${i}`, externalId: i === 4 ? "T-1" : `N-${i}` }) })),
    );
    const failed = settled.filter((s) => s.status === "rejected");
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect((failed[0] as PromiseRejectedResult).reason.code).toBe("conflict");
    const numbers = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.body.number] : [])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 9 }, (_, i) => i + 2));
  });

  it("concurrent creates with one Idempotency-Key make one request; every answer is that request", async () => {
    const ws = await createWorkspace();
    const claim = { key: "same", scope: "POST /api/v1/requests", requestHash: "h" };
    const results = await Promise.all(Array.from({ length: 6 }, () => createRequest({ workspaceId: ws.id, data: body(), idempotency: claim })));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await db().request.count({ where: { workspaceId: ws.id } })).toBe(1);
  });
});
