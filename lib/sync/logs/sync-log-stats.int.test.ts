import { beforeAll, describe, expect, it } from "vitest";
import type { SyncOutcome } from "@/generated/prisma/enums";
import { syncLogStats } from "@/lib/sync/logs/sync-log-stats";
import { insertLogs, workspaceWithIntegrations, type LogRow } from "@/lib/sync/logs/sync-log-test-data";
import { ZSyncLogsQuery, type SyncLogsQueryInput } from "@/lib/sync/logs/sync-logs-query";

const now = () => new Date("2026-11-23T12:00:00.000Z");
let ws: string;
let rows: Array<LogRow & { provider: string }>;

const at = (iso: string, outcome: SyncOutcome, extra: Partial<LogRow> = {}): LogRow => ({ createdAt: new Date(iso), outcome, ...extra });

beforeAll(async () => {
  const a = await workspaceWithIntegrations();
  const b = await workspaceWithIntegrations();
  ws = a.workspace.id;
  const vitally = [
    at("2026-11-20T01:05:00Z", "SYNCED", { requestorEmail: "jane@acme.com" }),
    at("2026-11-20T01:59:59.999Z", "SYNCED"),
    at("2026-11-20T01:30:00Z", "FAILED", { reasonCode: "rate_limited", requestorEmail: "jane@acme.com" }),
    at("2026-11-20T04:00:00Z", "SKIPPED", { reasonCode: "domain_ambiguous", requestorEmail: "janet@acme.com" }),
    at("2026-11-21T03:00:00Z", "SYNCED"), // 22:00 on the 20th in New York
    at("2026-11-21T06:00:00Z", "SKIPPED", { reasonCode: "domain_ambiguous" }),
    at("2026-11-23T11:59:59Z", "FAILED", { reasonCode: "timeout" }),
    at("2026-11-10T12:00:00Z", "SYNCED"), // outside 7 days
  ];
  const salesforce = [at("2026-11-20T01:10:00Z", "SYNCED", { requestorEmail: "jane@acme.com" }), at("2026-11-22T00:00:00Z", "SKIPPED")];
  await insertLogs(a.vitally, vitally);
  await insertLogs(a.salesforce, salesforce);
  // The other workspace logs at the very same times: none of it may be counted.
  await insertLogs(b.vitally, [...vitally, ...salesforce]);
  rows = [...vitally.map((r) => ({ ...r, provider: "VITALLY" })), ...salesforce.map((r) => ({ ...r, provider: "SALESFORCE" }))];
});

const stats = (input: SyncLogsQueryInput) => syncLogStats({ workspaceId: ws, filters: ZSyncLogsQuery.parse(input) }, { now });
const zero = { synced: 0, skipped: 0, failed: 0 };

describe("syncLogStats", () => {
  it("buckets by hour for windows up to 3 days, zero-filling empty hours", async () => {
    const s = await stats({ from: "2026-11-20T00:00:00Z", to: "2026-11-20T06:00:00Z" });
    expect(s.bucket).toBe("hour");
    expect(s).toMatchObject({ from: "2026-11-20T00:00:00.000Z", to: "2026-11-20T06:00:00.000Z", timeZone: "UTC" });
    expect(s.buckets).toEqual([
      { start: "2026-11-20T00:00:00.000Z", ...zero },
      { start: "2026-11-20T01:00:00.000Z", synced: 3, skipped: 0, failed: 1 },
      { start: "2026-11-20T02:00:00.000Z", ...zero },
      { start: "2026-11-20T03:00:00.000Z", ...zero },
      { start: "2026-11-20T04:00:00.000Z", synced: 0, skipped: 1, failed: 0 },
      { start: "2026-11-20T05:00:00.000Z", ...zero },
    ]);
    expect(s.totals).toEqual({ synced: 3, skipped: 1, failed: 1 });
    expect((await stats({ from: "2026-11-20", to: "2026-11-22" })).bucket).toBe("hour");
    expect((await stats({ from: "2026-11-20", to: "2026-11-22" })).buckets).toHaveLength(72);
  });

  it("buckets by day beyond 3 days; without dates, the last 7 days", async () => {
    const s = await stats({});
    expect(s.bucket).toBe("day");
    expect(s.from).toBe("2026-11-16T12:00:00.000Z");
    expect(s.buckets.map((b) => b.start)).toEqual(
      ["16", "17", "18", "19", "20", "21", "22", "23"].map((d) => `2026-11-${d}T00:00:00.000Z`),
    );
    expect(s.buckets.slice(4)).toEqual([
      { start: "2026-11-20T00:00:00.000Z", synced: 3, skipped: 1, failed: 1 },
      { start: "2026-11-21T00:00:00.000Z", synced: 1, skipped: 1, failed: 0 },
      { start: "2026-11-22T00:00:00.000Z", synced: 0, skipped: 1, failed: 0 },
      { start: "2026-11-23T00:00:00.000Z", synced: 0, skipped: 0, failed: 1 },
    ]);
    expect(s.buckets.slice(0, 4).every((b) => b.synced + b.skipped + b.failed === 0)).toBe(true);
    const month = await stats({ range: "30d" });
    expect(month.buckets).toHaveLength(31);
    expect(month.totals).toEqual({ synced: 5, skipped: 3, failed: 2 });
  });

  it("uses the time zone's days", async () => {
    const s = await stats({ from: "2026-11-20", to: "2026-11-23", tz: "America/New_York" });
    expect(s.bucket).toBe("day");
    expect(s.buckets.map((b) => b.start)).toEqual([
      "2026-11-20T05:00:00.000Z",
      "2026-11-21T05:00:00.000Z",
      "2026-11-22T05:00:00.000Z",
      "2026-11-23T05:00:00.000Z",
    ]);
    // 01:05–04:00 UTC on the 20th is still the 19th in New York, so it falls outside; 03:00 UTC on
    // the 21st is the 20th there, and midnight UTC on the 22nd is the 21st.
    expect(s.buckets[0]).toMatchObject({ synced: 1, skipped: 0, failed: 0 });
    expect(s.buckets[1]).toMatchObject({ synced: 0, skipped: 2, failed: 0 });
  });

  it("applies the list's filters, and counts the same through both query shapes", async () => {
    const window = { from: "2026-11-19", to: "2026-11-23" };
    const count = (keep: (r: (typeof rows)[number]) => boolean) => {
      const kept = rows.filter((r) => r.createdAt >= new Date("2026-11-19T00:00:00Z") && keep(r));
      return {
        synced: kept.filter((r) => r.outcome === "SYNCED").length,
        skipped: kept.filter((r) => r.outcome === "SKIPPED").length,
        failed: kept.filter((r) => r.outcome === "FAILED").length,
      };
    };
    expect((await stats({ ...window, outcome: "skipped,failed" })).totals).toEqual({ ...count(() => true), synced: 0 });
    expect((await stats({ ...window, destination: "salesforce" })).totals).toEqual(count((r) => r.provider === "SALESFORCE"));
    expect((await stats({ ...window, reason: "domain_ambiguous" })).totals).toEqual(count((r) => r.reasonCode === "domain_ambiguous"));
    // An email search takes the few-rows shape; its buckets line up with the other shape's.
    const search = await stats({ ...window, q: "JANE" });
    expect(search.totals).toEqual(count((r) => (r.requestorEmail ?? "").startsWith("jane")));
    const broad = await stats(window);
    expect(search.buckets.map((b) => b.start)).toEqual(broad.buckets.map((b) => b.start));
    expect(search.buckets.find((b) => b.start === "2026-11-20T00:00:00.000Z")).toEqual({
      start: "2026-11-20T00:00:00.000Z",
      synced: 2,
      skipped: 1,
      failed: 1,
    });
    expect((await stats({ ...window, q: "jane", outcome: "failed" })).totals).toEqual({ synced: 0, skipped: 0, failed: 1 });
  });

  it("charts at most 366 days", async () => {
    const s = await stats({ from: "2020-01-01" });
    expect(s.from).toBe("2025-11-22T12:00:00.000Z");
    expect(s.buckets).toHaveLength(367);
    expect(s.totals).toEqual({ synced: 5, skipped: 3, failed: 2 });
  });
});
