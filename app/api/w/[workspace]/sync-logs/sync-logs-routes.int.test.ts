import { beforeAll, describe, expect, it } from "vitest";
import { createIntegration, insertLogs } from "@/lib/sync/logs/sync-log-test-data";
import { createMember, createWorkspace } from "@/tests/factories";
import { GET as list } from "@/app/api/w/[workspace]/sync-logs/route";
import { GET as entry } from "@/app/api/w/[workspace]/sync-logs/entry/route";
import { GET as exportCsv } from "@/app/api/w/[workspace]/sync-logs/export/route";
import { GET as stats } from "@/app/api/w/[workspace]/sync-logs/stats/route";

/** The sync logs page's routes: filters and pages, chart counts, one attempt, the export's checks. */
let slug: string;
let support: string;
let otherSlug: string;
let otherOwner: string;
let otherEntryId: string;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

beforeAll(async () => {
  const ws = await createWorkspace();
  slug = ws.slug;
  support = (await createMember(ws.id, "SUPPORT")).id;
  const vitally = await createIntegration(ws.id, "VITALLY");
  await insertLogs(vitally, [
    { createdAt: minutesAgo(50), outcome: "SYNCED", requestNumber: 1, requestorEmail: "jane@acme.example", calls: [{ method: "POST", path: "/resources/customObjects/x/instances", status: 200, durationMs: 40 }] },
    { createdAt: minutesAgo(40), outcome: "SKIPPED", reasonCode: "no_email", requestNumber: 2 },
    { createdAt: minutesAgo(30), outcome: "SKIPPED", reasonCode: "domain_ambiguous", requestNumber: 3, requestorEmail: "kim@northwind.example" },
    { createdAt: minutesAgo(20), outcome: "FAILED", reasonCode: "destination_unavailable", requestNumber: 4, requestorEmail: "jane@acme.example" },
  ]);

  const other = await createWorkspace();
  otherSlug = other.slug;
  otherOwner = (await createMember(other.id, "OWNER")).id;
  const elsewhere = await createIntegration(other.id, "VITALLY");
  await insertLogs(elsewhere, [{ createdAt: minutesAgo(10), outcome: "SKIPPED", reasonCode: "no_email", requestNumber: 1 }]);
  const page = await list.run(otherOwner, otherSlug, {});
  otherEntryId = (page.body as { items: { id: string }[] }).items[0].id;
});

describe("GET /api/w/:workspace/sync-logs", () => {
  it("lists this workspace's attempts newest first, filtered by outcome and searched by email prefix", async () => {
    const all = await list.run(support, slug, {});
    expect(all.status).toBe(200);
    expect((all.body as { items: { requestNumber: number }[] }).items.map((i) => i.requestNumber)).toEqual([4, 3, 2, 1]);

    const skipped = await list.run(support, slug, { outcome: "skipped" });
    expect((skipped.body as { items: { outcome: string }[] }).items.map((i) => i.outcome)).toEqual(["SKIPPED", "SKIPPED"]);

    const jane = await list.run(support, slug, { q: "JANE@acme" });
    expect((jane.body as { items: { requestNumber: number }[] }).items.map((i) => i.requestNumber)).toEqual([4, 1]);
  });

  it("pages with keyset cursors both ways", async () => {
    const first = (await list.run(support, slug, { limit: "3" })).body as { items: { requestNumber: number }[]; nextCursor: string; prevCursor: string | null };
    expect(first.items.map((i) => i.requestNumber)).toEqual([4, 3, 2]);
    expect(first.prevCursor).toBeNull();
    const second = (await list.run(support, slug, { limit: "3", cursor: first.nextCursor })).body as typeof first;
    expect(second.items.map((i) => i.requestNumber)).toEqual([1]);
    expect(second.nextCursor).toBeNull();
    const back = (await list.run(support, slug, { limit: "3", cursor: second.prevCursor! })).body as typeof first;
    expect(back.items.map((i) => i.requestNumber)).toEqual([4, 3, 2]);
  });

  it("answers filters it does not understand with 400 and the field at fault", async () => {
    const bad = await list.run(support, slug, { outcome: "maybe", range: "2y" });
    expect(bad.status).toBe(400);
    const error = (bad.body as { error: { code: string; fields: Record<string, string[]> } }).error;
    expect(error.code).toBe("invalid_input");
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(["range", expect.stringMatching(/^outcome/)]));
  });
});

describe("GET /api/w/:workspace/sync-logs/stats", () => {
  it("counts the chart's outcomes with the same filters", async () => {
    const all = await stats.run(support, slug, { range: "24h" });
    expect(all.body).toMatchObject({ bucket: "hour", totals: { synced: 1, skipped: 2, failed: 1 } });
    const failedOnly = await stats.run(support, slug, { range: "24h", outcome: "failed", cursor: "ignored-by-the-chart" });
    expect(failedOnly.body).toMatchObject({ totals: { synced: 0, skipped: 0, failed: 1 } });
  });
});

describe("GET /api/w/:workspace/sync-logs/entry", () => {
  it("shows one attempt with its calls, and never another workspace's", async () => {
    const page = (await list.run(support, slug, { q: "1" })).body as { items: { id: string }[] };
    const one = await entry.run(support, slug, { id: page.items[0].id });
    expect(one.body).toMatchObject({ requestNumber: 1, calls: [{ method: "POST", status: 200, durationMs: 40 }] });
    expect(await entry.run(support, slug, { id: otherEntryId })).toMatchObject({ status: 404 });
    expect(await entry.run(support, slug, { id: "1; drop table" })).toMatchObject({ status: 400 });
  });
});

describe("GET /api/w/:workspace/sync-logs/export", () => {
  it("checks the member and the filters before any row is streamed", async () => {
    const ok = await exportCsv.run(support, slug, { outcome: "skipped,failed", reason: "no_email" });
    expect(ok).toMatchObject({ status: 200, body: { filters: { outcome: ["SKIPPED", "FAILED"], reason: "no_email" } } });
    expect(await exportCsv.run(support, slug, { from: "yesterday" })).toMatchObject({ status: 400, body: { error: { fields: { from: [expect.any(String)] } } } });
    expect(await exportCsv.run(otherOwner, slug, {})).toMatchObject({ status: 404 });
  });
});
