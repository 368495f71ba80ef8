import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordSyncAttempt, SYNC_LOG_LIMITS, type SyncAttempt } from "@/lib/sync/logs/record-sync-attempt";
import { createIntegration, workspaceWithIntegrations } from "@/lib/sync/logs/sync-log-test-data";
import { getSyncLog } from "@/lib/sync/logs/get-sync-log";
import { createWorkspace } from "@/tests/factories";

const now = () => new Date("2026-11-23T10:00:00.123Z");

function attempt(base: { workspaceId: string; integrationId: string }, over: Partial<SyncAttempt> = {}): SyncAttempt {
  return {
    ...base,
    provider: "VITALLY",
    kind: "REQUEST",
    requestId: "6f1c1b8e-3d55-4c55-9b55-0c1b2a3d4e5f",
    requestNumber: 135,
    requestorEmail: "Jane@Acme.com",
    trigger: "ferry/request.created",
    outcome: "SYNCED",
    calls: [{ method: "get", path: "/resources/users/search?email=jane%40acme.com", status: 200, durationMs: 41.6, kind: "users.find" }],
    remoteId: "inst_123",
    durationMs: 180,
    ...over,
  };
}

describe("recordSyncAttempt", () => {
  it("stores the attempt as given, email lower-cased, method upper-cased, durations rounded", async () => {
    const { workspace, vitally } = await workspaceWithIntegrations();
    const decision = { rule: "one organization, one account", organization: { id: "org_1", name: "Acme" }, account: { id: "acc_1", name: "Acme EU" } };
    const saved = await recordSyncAttempt(attempt({ workspaceId: workspace.id, integrationId: vitally.id }, { decision, message: "Created instance." }), { now });
    expect(saved.createdAt.toISOString()).toBe("2026-11-23T10:00:00.123Z");

    const row = await getSyncLog({ workspaceId: workspace.id, id: saved.id });
    expect(row).toMatchObject({
      provider: "VITALLY",
      kind: "REQUEST",
      requestNumber: 135,
      requestorEmail: "jane@acme.com",
      trigger: "ferry/request.created",
      outcome: "SYNCED",
      reasonCode: null,
      message: "Created instance.",
      remoteId: "inst_123",
      durationMs: 180,
      callsCount: 1,
      calls: [{ method: "GET", path: "/resources/users/search?email=jane%40acme.com", status: 200, durationMs: 42, kind: "users.find" }],
      decision,
    });
  });

  it("strips secrets from call paths, the message and the decision", async () => {
    const { workspace, vitally } = await workspaceWithIntegrations();
    const saved = await recordSyncAttempt(
      attempt(
        { workspaceId: workspace.id, integrationId: vitally.id },
        {
          outcome: "FAILED",
          reasonCode: "credentials_rejected",
          message: 'Vitally answered 401 to Authorization: Basic c2tfbGl2ZV9hYmM6 {"apiKey":"sk_live_abcdef123"}',
          decision: { credentials: { apiKey: "sk_live_abcdef123", token: "t0k3n" }, headers: { authorization: "Bearer abcdef123456" }, note: "used password=hunter2" },
          calls: [
            { method: "GET", path: "/resources/users?apiKey=sk_live_abcdef123&token=abc&email=a%40b.co", status: 401, durationMs: 12 },
            { method: "POST", path: "https://u:hunter2@acme.rest.vitally.io/resources/x?access_token=zzz", status: 0, durationMs: 5000, kind: "timeout" },
          ],
        },
      ),
      { now },
    );
    const raw = await db().syncLog.findUniqueOrThrow({ where: { id: BigInt(saved.id) } });
    const stored = JSON.stringify(raw, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    for (const secret of ["c2tfbGl2ZV9hYmM6", "sk_live_abcdef123", "t0k3n", "abcdef123456", "hunter2", "zzz", "token=abc"]) {
      expect(stored).not.toContain(secret);
    }
    expect(raw.message).toBe('Vitally answered 401 to Authorization: [redacted] {"apiKey":"[redacted]"}');
    expect(raw.calls).toEqual([
      { method: "GET", path: "/resources/users?apiKey=[redacted]&token=[redacted]&email=a%40b.co", status: 401, durationMs: 12 },
      { method: "POST", path: "https://[redacted]@acme.rest.vitally.io/resources/x?access_token=[redacted]", status: 0, durationMs: 5000, kind: "timeout" },
    ]);
    expect(raw.decision).toEqual({ credentials: "[redacted]", headers: { authorization: "[redacted]" }, note: "used password=[redacted]" });
  });

  it("caps calls at 50 (saying how many were made), the message and paths", async () => {
    const { workspace, vitally } = await workspaceWithIntegrations();
    const calls = Array.from({ length: 73 }, (_, i) => ({ method: "GET", path: `/resources/users/${i}${"x".repeat(i === 0 ? 900 : 0)}`, status: 200, durationMs: 1 }));
    const saved = await recordSyncAttempt(
      attempt({ workspaceId: workspace.id, integrationId: vitally.id }, { calls, message: "m".repeat(5000), decision: { blob: Array.from({ length: 60 }, () => "y".repeat(900)) } }),
      { now },
    );
    const row = await getSyncLog({ workspaceId: workspace.id, id: saved.id });
    expect(row.calls).toHaveLength(SYNC_LOG_LIMITS.calls);
    expect(row.calls[49].path).toBe("/resources/users/49");
    expect(row.calls[0].path.length).toBe(SYNC_LOG_LIMITS.pathChars);
    expect(row.message!.length).toBeLessThanOrEqual(SYNC_LOG_LIMITS.messageChars);
    expect(row.message).toMatch(/^m+… 73 calls were made; the first 50 are logged\.$/);
    expect(Buffer.byteLength(JSON.stringify(row.decision))).toBeLessThanOrEqual(SYNC_LOG_LIMITS.decisionBytes);
    expect(row.decision).toMatchObject({ truncated: true });
  });

  it("refuses an integration of another workspace or another destination, and invalid fields", async () => {
    const { workspace, vitally } = await workspaceWithIntegrations();
    const other = await createWorkspace();
    const foreign = await createIntegration(other.id, "VITALLY");
    await expect(recordSyncAttempt(attempt({ workspaceId: workspace.id, integrationId: foreign.id }), { now })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { integrationId: expect.any(Array) },
    });
    await expect(
      recordSyncAttempt(attempt({ workspaceId: workspace.id, integrationId: vitally.id }, { provider: "SALESFORCE" }), { now }),
    ).rejects.toBeInstanceOf(AppError);
    const bad = recordSyncAttempt(attempt({ workspaceId: workspace.id, integrationId: vitally.id }, { outcome: "MAYBE" as never, trigger: "" }), { now });
    await expect(bad).rejects.toMatchObject({ code: "invalid_input", fields: { outcome: expect.any(Array), trigger: expect.any(Array) } });
    expect(await db().syncLog.count({ where: { workspaceId: { in: [workspace.id, other.id] } } })).toBe(0);
    expect(await db().syncLogHourly.count({ where: { workspaceId: { in: [workspace.id, other.id] } } })).toBe(0);
  });

  it("can be written inside the caller's transaction (and rolls back with it)", async () => {
    const { workspace, vitally } = await workspaceWithIntegrations();
    await expect(
      db().$transaction(async (tx) => {
        await recordSyncAttempt(attempt({ workspaceId: workspace.id, integrationId: vitally.id }), { db: tx, now });
        expect(await tx.syncLog.count({ where: { workspaceId: workspace.id } })).toBe(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db().syncLog.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db().syncLogHourly.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("counts every attempt in SyncLogHourly, per UTC hour, destination, kind and outcome", async () => {
    const { workspace, vitally, salesforce } = await workspaceWithIntegrations();
    const base = { workspaceId: workspace.id, integrationId: vitally.id };
    const at = (iso: string) => ({ now: () => new Date(iso) });
    await recordSyncAttempt(attempt(base), at("2026-11-23T10:00:00.000Z"));
    await recordSyncAttempt(attempt(base), at("2026-11-23T10:59:59.999Z"));
    await recordSyncAttempt(attempt(base, { outcome: "FAILED", reasonCode: "timeout" }), at("2026-11-23T10:30:00.000Z"));
    await recordSyncAttempt(attempt(base, { kind: "MESSAGE" }), at("2026-11-23T10:15:00.000Z"));
    await recordSyncAttempt(attempt(base), at("2026-11-23T11:00:00.000Z"));
    await recordSyncAttempt(attempt({ ...base, integrationId: salesforce.id }, { provider: "SALESFORCE" }), at("2026-11-23T10:20:00.000Z"));
    // Whatever the session's time zone: Kolkata's hours start at :30 UTC.
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL TIME ZONE 'Asia/Kolkata'`;
      await recordSyncAttempt(attempt(base), { db: tx, ...at("2026-11-23T10:45:00.000Z") });
    });

    const hourly = await db().syncLogHourly.findMany({
      where: { workspaceId: workspace.id },
      orderBy: [{ hour: "asc" }, { provider: "asc" }, { kind: "asc" }, { outcome: "asc" }],
      select: { hour: true, provider: true, kind: true, outcome: true, count: true },
    });
    expect(hourly.map((h) => ({ ...h, hour: h.hour.toISOString() }))).toEqual([
      { hour: "2026-11-23T10:00:00.000Z", provider: "VITALLY", kind: "REQUEST", outcome: "SYNCED", count: 3 },
      { hour: "2026-11-23T10:00:00.000Z", provider: "VITALLY", kind: "REQUEST", outcome: "FAILED", count: 1 },
      { hour: "2026-11-23T10:00:00.000Z", provider: "VITALLY", kind: "MESSAGE", outcome: "SYNCED", count: 1 },
      { hour: "2026-11-23T10:00:00.000Z", provider: "SALESFORCE", kind: "REQUEST", outcome: "SYNCED", count: 1 },
      { hour: "2026-11-23T11:00:00.000Z", provider: "VITALLY", kind: "REQUEST", outcome: "SYNCED", count: 1 },
    ]);
    expect(hourly.reduce((n, h) => n + h.count, 0)).toBe(await db().syncLog.count({ where: { workspaceId: workspace.id } }));
  });

  it("loses no increment when attempts of the same hour are recorded at once", async () => {
    const { workspace, vitally } = await workspaceWithIntegrations();
    const base = { workspaceId: workspace.id, integrationId: vitally.id };
    const now = () => new Date("2026-11-23T09:30:00.000Z");
    // Half on their own, half inside callers' transactions that do other work first (as the pushes do).
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? recordSyncAttempt(attempt(base), { now })
          : db().$transaction(async (tx) => {
              await tx.$executeRaw`SELECT pg_sleep(0.01)`;
              await recordSyncAttempt(attempt(base), { db: tx, now });
            }),
      ),
    );
    const row = await db().syncLogHourly.findUniqueOrThrow({
      where: {
        workspaceId_hour_provider_kind_outcome: {
          workspaceId: workspace.id,
          hour: new Date("2026-11-23T09:00:00.000Z"),
          provider: "VITALLY",
          kind: "REQUEST",
          outcome: "SYNCED",
        },
      },
    });
    expect(row.count).toBe(40);
    expect(await db().syncLog.count({ where: { workspaceId: workspace.id } })).toBe(40);
  });
});
