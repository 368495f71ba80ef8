import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { SyncLog } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { getSyncLog } from "@/lib/sync/logs/get-sync-log";
import { listSyncLogs } from "@/lib/sync/logs/list-sync-logs";
import { insertLogs, workspaceWithIntegrations, type LogRow } from "@/lib/sync/logs/sync-log-test-data";
import { ZSyncLogsQuery, type SyncLogsQueryInput } from "@/lib/sync/logs/sync-logs-query";

/**
 * 90 rows in one workspace, three to a timestamp (keyset ties), with every filterable attribute
 * varied; the same rows, newer, in a second workspace that must never show up.
 */
const T0 = Date.parse("2026-11-20T00:00:00.000Z");
const now = () => new Date("2026-11-23T12:00:00.000Z");
const EMAILS = ["jane@acme.com", "janet@acme.com", "bob@globex.com", null];
const REQUEST_IDS = [randomUUID(), randomUUID(), randomUUID()];

function rowsFor(offsetMs: number): LogRow[] {
  return Array.from({ length: 90 }, (_, i) => ({
    // 30 distinct timestamps, 2.5 hours apart (Nov 20 00:00 to Nov 23 02:30 UTC), three rows each.
    createdAt: new Date(T0 + offsetMs + Math.floor(i / 3) * 150 * 60_000),
    outcome: (["SYNCED", "SYNCED", "SKIPPED", "FAILED", "SYNCED"] as const)[i % 5],
    kind: (["REQUEST", "MESSAGE", "CONVERSATION"] as const)[i % 3],
    reasonCode: i % 5 === 2 ? (i % 2 ? "vitally_user_not_found" : "domain_ambiguous") : i % 5 === 3 ? "rate_limited" : null,
    requestNumber: 130 + (i % 7),
    requestId: REQUEST_IDS[i % 3],
    requestorEmail: EMAILS[i % 4],
  }));
}

let ws: string;
let all: SyncLog[];
let destinationOf: Map<string, string>;

beforeAll(async () => {
  const a = await workspaceWithIntegrations();
  const b = await workspaceWithIntegrations();
  ws = a.workspace.id;
  const rows = rowsFor(0);
  // Vitally and Salesforce rows interleave, so ties on createdAt span both integrations.
  await insertLogs(a.vitally, rows.filter((_, i) => i % 2 === 0));
  await insertLogs(a.salesforce, rows.filter((_, i) => i % 2 === 1));
  await insertLogs(b.vitally, rowsFor(86_400_000));
  await insertLogs(b.salesforce, rowsFor(86_400_000));
  all = await db().syncLog.findMany({ where: { workspaceId: ws }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  destinationOf = new Map(all.map((r) => [r.id.toString(), r.provider]));
});

async function listAll(input: SyncLogsQueryInput) {
  const ids: string[] = [];
  const pages: string[][] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listSyncLogs({ workspaceId: ws, query: ZSyncLogsQuery.parse({ ...input, cursor }) }, { now });
    for (const item of page.items) expect(item.id && destinationOf.has(item.id), "row from another workspace").toBeTruthy();
    pages.push(page.items.map((i) => i.id));
    cursors.push(page.prevCursor);
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { ids, pages, cursors };
}

const expected = (keep: (r: SyncLog) => boolean) => all.filter(keep).map((r) => r.id.toString());

describe("listSyncLogs", () => {
  it("lists newest first in pages with no overlap or gap, ties on createdAt included", async () => {
    const { ids, pages } = await listAll({ limit: "7" });
    expect(ids).toEqual(expected(() => true));
    expect(new Set(ids).size).toBe(90);
    expect(pages).toHaveLength(13);
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
  });

  it("walks back with prevCursor to the same pages", async () => {
    const forward = await listAll({ limit: "8" });
    // From the last page, follow prevCursor to the first page.
    let cursor = forward.cursors[forward.cursors.length - 1];
    const back: string[][] = [];
    while (cursor) {
      const page = await listSyncLogs({ workspaceId: ws, query: ZSyncLogsQuery.parse({ limit: "8", cursor }) }, { now });
      back.unshift(page.items.map((i) => i.id));
      cursor = page.prevCursor;
    }
    expect(back).toEqual(forward.pages.slice(0, -1));
  });

  it.each<[string, SyncLogsQueryInput, (r: SyncLog) => boolean]>([
    ["one outcome", { outcome: "failed" }, (r) => r.outcome === "FAILED"],
    ["two outcomes (merged index branches)", { outcome: "synced,failed" }, (r) => r.outcome !== "SKIPPED"],
    ["all three outcomes", { outcome: "synced,skipped,failed" }, () => true],
    ["reason", { reason: "domain_ambiguous" }, (r) => r.reasonCode === "domain_ambiguous"],
    ["destination", { destination: "salesforce" }, (r) => r.provider === "SALESFORCE"],
    ["kind", { kind: "message" }, (r) => r.kind === "MESSAGE"],
    ["request number", { requestNumber: "133" }, (r) => r.requestNumber === 133],
    ["request id", { requestId: REQUEST_IDS[1] }, (r) => r.requestId === REQUEST_IDS[1]],
    [
      "whole days",
      { from: "2026-11-20", to: "2026-11-20" },
      (r) => r.createdAt >= new Date("2026-11-20T00:00:00Z") && r.createdAt < new Date("2026-11-21T00:00:00Z"),
    ],
    [
      "instants (from inclusive, to exclusive)",
      { from: "2026-11-20T01:00:00Z", to: "2026-11-20T03:00:00.000Z" },
      (r) => r.createdAt >= new Date("2026-11-20T01:00:00Z") && r.createdAt < new Date("2026-11-20T03:00:00Z"),
    ],
    [
      "days in a time zone",
      { from: "2026-11-20", to: "2026-11-20", tz: "America/New_York" },
      (r) => r.createdAt >= new Date("2026-11-20T05:00:00Z") && r.createdAt < new Date("2026-11-21T05:00:00Z"),
    ],
    ["relative range", { range: "3d" }, (r) => r.createdAt >= new Date("2026-11-20T12:00:00Z")],
    ["search by number", { q: "#131" }, (r) => r.requestNumber === 131],
    ["search by exact email, any case", { q: "JANE@Acme.com" }, (r) => r.requestorEmail === "jane@acme.com"],
    ["search by email prefix", { q: "Jan" }, (r) => (r.requestorEmail ?? "").startsWith("jan")],
    ["search by domain-less prefix matching nothing", { q: "zed" }, () => false],
    [
      "filters combined",
      { outcome: "skipped,failed", destination: "vitally", q: "jane" },
      (r) => r.outcome !== "SYNCED" && r.provider === "VITALLY" && (r.requestorEmail ?? "").startsWith("jane"),
    ],
  ])("filters: %s", async (_name, input, keep) => {
    const want = expected(keep);
    const { ids } = await listAll({ ...input, limit: "4" });
    expect(ids).toEqual(want);
    if (_name !== "search by domain-less prefix matching nothing" && _name !== "all three outcomes") {
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(90);
    }
  });

  it("returns list items with the calls counted and no calls or decision", async () => {
    const page = await listSyncLogs({ workspaceId: ws, query: ZSyncLogsQuery.parse({ limit: "1" }) }, { now });
    expect(Object.keys(page.items[0]).sort()).toEqual(
      ["callsCount", "createdAt", "durationMs", "id", "integrationId", "kind", "message", "outcome", "provider", "reasonCode", "remoteId",
        "requestId", "requestNumber", "requestorEmail", "trigger"].sort(),
    );
    expect(page.prevCursor).toBeNull();
  });

  it("refuses a forged cursor, and never shows another workspace's row by id", async () => {
    await expect(
      listSyncLogs({ workspaceId: ws, query: ZSyncLogsQuery.parse({ cursor: "bm90LWEtY3Vyc29y" }) }, { now }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    const foreign = await db().syncLog.findFirstOrThrow({ where: { workspaceId: { not: ws }, requestNumber: 130 } });
    await expect(getSyncLog({ workspaceId: ws, id: foreign.id.toString() })).rejects.toMatchObject({ code: "not_found" });
    await expect(getSyncLog({ workspaceId: ws, id: "1; drop" })).rejects.toMatchObject({ code: "not_found" });
  });
});
