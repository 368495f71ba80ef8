import { afterAll, describe, expect, it } from "vitest";
import { settleBackgroundWork } from "@/app/api/v1/_lib/handler";
import { apiWorkspace, requestBody } from "@/app/api/v1/_lib/test-client";
import { db } from "@/lib/db";
import { pruneIdempotencyKeys } from "@/lib/idempotency/prune-idempotency-keys";

afterAll(settleBackgroundWork);

describe("Idempotency-Key on POST /api/v1/requests", () => {
  it("same key and body twice: one request, the same status and body", async () => {
    const api = await apiWorkspace();
    const body = requestBody({ externalId: "T-9" });
    const first = await api.call("POST", "/api/v1/requests", { body, headers: { "idempotency-key": "k-1" } });
    // Same JSON, other key order: still the same body.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(body));
    const second = await api.call("POST", "/api/v1/requests", { body: reordered, headers: { "idempotency-key": "k-1" } });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await db().request.count({ where: { workspaceId: api.workspace.id } })).toBe(1);
    expect(await db().outboxEvent.count({ where: { workspaceId: api.workspace.id } })).toBe(1);
  });

  it("same key with another body: 422 idempotency_mismatch, nothing written", async () => {
    const api = await apiWorkspace();
    await api.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "k-2" } });
    const res = await api.call("POST", "/api/v1/requests", { body: requestBody({ title: "Another" }), headers: { "idempotency-key": "k-2" } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("idempotency_mismatch");
    expect(await db().request.count({ where: { workspaceId: api.workspace.id } })).toBe(1);
  });

  it("10 concurrent creates with one key make exactly one request and all answer it", async () => {
    const api = await apiWorkspace();
    const body = requestBody();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api.call("POST", "/api/v1/requests", { body, headers: { "idempotency-key": "burst" } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await db().request.count({ where: { workspaceId: api.workspace.id } })).toBe(1);
    expect(await db().outboxEvent.count({ where: { workspaceId: api.workspace.id } })).toBe(1);
    // The counter moved once: the next request is number 2.
    const next = await api.call("POST", "/api/v1/requests", { body });
    expect(next.body.number).toBe(2);
  });

  it("keys are scoped per workspace and per operation; a failed create keeps no key", async () => {
    const a = await apiWorkspace();
    const b = await apiWorkspace();
    const ra = await a.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "shared" } });
    const rb = await b.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "shared" } });
    expect(rb.status).toBe(201);
    expect(rb.body.id).not.toBe(ra.body.id);

    const message = { thread: "customer", author: { type: "customer", name: "Dana" }, text: "more" };
    const m = await a.call("POST", `/api/v1/requests/${ra.body.id}/messages`, { body: message, headers: { "idempotency-key": "shared" } });
    expect(m.status).toBe(201);
    expect(m.body.text).toBe("more");

    const bad = await a.call("POST", "/api/v1/requests", { body: { title: "" }, headers: { "idempotency-key": "retry-me" } });
    expect(bad.status).toBe(400);
    const good = await a.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "retry-me" } });
    expect(good.status).toBe(201);
  });

  it("replays a create whose stored response was not written yet by rebuilding it", async () => {
    const api = await apiWorkspace();
    const first = await api.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "pending" } });
    // As if the process stopped between the create's commit and storing its response.
    await db().idempotencyKey.updateMany({
      where: { workspaceId: api.workspace.id, key: "pending" },
      data: { response: { $pending: { requestId: first.body.id } } },
    });
    const again = await api.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "pending" } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const stored = await db().idempotencyKey.findFirstOrThrow({ where: { workspaceId: api.workspace.id, key: "pending" } });
    expect(stored.response).toEqual(first.body);
    expect(await db().request.count({ where: { workspaceId: api.workspace.id } })).toBe(1);
  });

  it("rejects an empty or over-long key with 400", async () => {
    const api = await apiWorkspace();
    const empty = await api.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": " " } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toHaveProperty("Idempotency-Key");
    const long = await api.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "k".repeat(256) } });
    expect(long.status).toBe(400);
    expect(await db().request.count({ where: { workspaceId: api.workspace.id } })).toBe(0);
  });
});

describe("Idempotency-Key on POST /api/v1/requests/{ref}/messages", () => {
  it("replays the first message and adds it once, even concurrently", async () => {
    const api = await apiWorkspace();
    const created = await api.call("POST", "/api/v1/requests", { body: requestBody() });
    const message = { thread: "internal", author: { type: "team", name: "Sam" }, text: "Looking into it" };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.call("POST", `/api/v1/requests/${created.body.id}/messages`, { body: message, headers: { "idempotency-key": "msg-1" } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await db().requestMessage.count({ where: { requestId: created.body.id } })).toBe(1);
    const mismatch = await api.call("POST", `/api/v1/requests/${created.body.id}/messages`, {
      body: { ...message, text: "Other" },
      headers: { "idempotency-key": "msg-1" },
    });
    expect(mismatch.status).toBe(422);
  });
});

describe("idempotency key retention", () => {
  it("prunes keys older than 24 hours and treats an expired key as new", async () => {
    const api = await apiWorkspace();
    const first = await api.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "old" } });
    await db().idempotencyKey.updateMany({
      where: { workspaceId: api.workspace.id, key: "old" },
      data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const again = await api.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "old" } });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);

    await api.call("POST", "/api/v1/requests", { body: requestBody(), headers: { "idempotency-key": "stale" } });
    await db().idempotencyKey.updateMany({
      where: { workspaceId: api.workspace.id, key: "stale" },
      data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const { deleted } = await pruneIdempotencyKeys();
    expect(deleted).toBeGreaterThanOrEqual(1);
    const keys = await db().idempotencyKey.findMany({ where: { workspaceId: api.workspace.id }, select: { key: true } });
    expect(keys.map((k) => k.key)).toEqual(["old"]);
  });
});
