import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { encodeCursor, listRequests, listRequestsSql } from "@/lib/dashboard/list-requests";
import { ZRequestsQuery, type RequestsQueryInput } from "@/lib/dashboard/requests-query";
import { createWorkspace } from "@/tests/factories";

type Seed = Partial<Omit<Prisma.RequestCreateManyInput, "workspaceId" | "number">>;

async function seed(workspaceId: string, rows: Seed[]) {
  await db().request.createMany({
    data: rows.map((r, i) => ({
      workspaceId,
      number: i + 1,
      channel: "SLACK" as const,
      title: `Request ${i + 1}`,
      messageText: "Hello",
      requestorName: `Requestor ${i + 1}`,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      updatedAt: new Date(Date.UTC(2026, 5, 1) - i * 60_000),
      ...r,
    })),
  });
}

const list = (workspaceId: string, query: RequestsQueryInput = {}) =>
  listRequests({ workspaceId, query: ZRequestsQuery.parse(query) });

const numbers = (page: Awaited<ReturnType<typeof list>>) => page.items.map((i) => i.number);

async function walkForward(workspaceId: string, query: RequestsQueryInput) {
  const seen: number[] = [];
  const pages = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const page = await list(workspaceId, { ...query, cursor });
    pages.push(page);
    seen.push(...numbers(page));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { seen, pages };
}

describe("listRequests", () => {
  it("orders by created, newest first, breaking createdAt ties by id, across keyset pages both ways", async () => {
    const ws = await createWorkspace();
    const same = new Date("2026-02-01T10:00:00.000Z");
    // 12 requests, 7 of them created in the very same millisecond.
    await seed(ws.id, Array.from({ length: 12 }, (_, i) => (i < 7 ? { createdAt: same } : {})));
    const all = await db().request.findMany({ where: { workspaceId: ws.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const expected = all.map((r) => r.number);

    const { seen, pages } = await walkForward(ws.id, { limit: 5 });

    expect(seen).toEqual(expected);
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 2]);
    expect(pages[0].prevCursor).toBeNull();
    expect(pages[2].nextCursor).toBeNull();

    const back = await list(ws.id, { limit: 5, cursor: pages[2].prevCursor! });
    expect(numbers(back)).toEqual(numbers(pages[1]));
    const first = await list(ws.id, { limit: 5, cursor: back.prevCursor! });
    expect(numbers(first)).toEqual(numbers(pages[0]));
  });

  it("going back to the start always shows a full first page", async () => {
    const ws = await createWorkspace();
    await seed(ws.id, Array.from({ length: 9 }, () => ({})));
    const firstPage = await list(ws.id, { limit: 4 });
    // A "before" cursor at the first page's third row has only 2 rows before it.
    const row = firstPage.items[2];
    const shifted = encodeCursor({ s: "created", d: "desc", v: row.createdAt, id: row.id, b: true });

    const page = await list(ws.id, { limit: 4, cursor: shifted });

    expect(numbers(page)).toEqual(numbers(firstPage));
    expect(page.prevCursor).toBeNull();
  });

  it("sorts by number and by updated, both directions", async () => {
    const ws = await createWorkspace();
    await seed(ws.id, Array.from({ length: 7 }, () => ({})));

    expect((await walkForward(ws.id, { sort: "number", dir: "asc", limit: 3 })).seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await walkForward(ws.id, { sort: "number", dir: "desc", limit: 3 })).seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    // updatedAt decreases with the number in the seed.
    expect((await walkForward(ws.id, { sort: "updated", dir: "desc", limit: 2 })).seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await walkForward(ws.id, { sort: "updated", dir: "asc", limit: 4 })).seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it("filters by status, channel, urgency and created date range (whole UTC days)", async () => {
    const ws = await createWorkspace();
    await seed(ws.id, [
      { status: "OPEN", channel: "EMAIL", urgency: "HIGH", createdAt: new Date("2026-03-01T00:00:00.000Z") },
      { status: "CLOSED", channel: "EMAIL", urgency: "LOW", createdAt: new Date("2026-03-02T23:59:59.999Z") },
      { status: "OPEN", channel: "SLACK", urgency: "HIGH", createdAt: new Date("2026-03-03T00:00:00.000Z") },
      { status: "IN_PROGRESS", channel: "MS_TEAMS", urgency: null, createdAt: new Date("2026-02-28T23:59:59.999Z") },
    ]);

    expect(numbers(await list(ws.id, { status: "OPEN" })).sort()).toEqual([1, 3]);
    expect(numbers(await list(ws.id, { channel: "EMAIL" })).sort()).toEqual([1, 2]);
    expect(numbers(await list(ws.id, { urgency: "HIGH", channel: "SLACK" }))).toEqual([3]);
    expect(numbers(await list(ws.id, { from: "2026-03-01", to: "2026-03-02" })).sort()).toEqual([1, 2]);
    expect(numbers(await list(ws.id, { to: "2026-02-28" }))).toEqual([4]);
    expect(numbers(await list(ws.id, { status: "ON_HOLD" }))).toEqual([]);
  });

  it("searches number, title, requestor name and email, case-insensitively and literally", async () => {
    const ws = await createWorkspace();
    await seed(ws.id, [
      { title: "Billing export fails", requestorName: "Ana Lima", requestorEmail: "ana@acme.io" },
      { title: "SSO login loop", requestorName: "Bo Chen", requestorEmail: "bo@globex.com" },
      { title: "Discount 100% not applied", requestorName: "Cy Diaz" },
      { title: "Question about request 12", requestorName: "Dee" },
    ]);

    expect(numbers(await list(ws.id, { q: "billing" }))).toEqual([1]);
    expect(numbers(await list(ws.id, { q: "CHEN" }))).toEqual([2]);
    expect(numbers(await list(ws.id, { q: "globex.com" }))).toEqual([2]);
    // A number matches that request, and any text that contains it.
    expect(numbers(await list(ws.id, { q: "2" })).sort()).toEqual([2, 4]);
    expect(numbers(await list(ws.id, { q: "#3" }))).toEqual([3]);
    expect(numbers(await list(ws.id, { q: "100%" }))).toEqual([3]);
    expect(numbers(await list(ws.id, { q: "0%" }))).toEqual([3]);
    expect(numbers(await list(ws.id, { q: "%" }))).toEqual([3]);
    expect(numbers(await list(ws.id, { q: "request 1" }))).toEqual([4]);
  });

  it("keeps filters while paging", async () => {
    const ws = await createWorkspace();
    await seed(ws.id, Array.from({ length: 10 }, (_, i) => ({ status: i % 2 === 0 ? ("OPEN" as const) : ("CLOSED" as const) })));

    const { seen } = await walkForward(ws.id, { status: "CLOSED", limit: 2 });

    expect(seen).toEqual([10, 8, 6, 4, 2]);
  });

  it("never returns another workspace's requests", async () => {
    const mine = await createWorkspace();
    const theirs = await createWorkspace();
    await seed(mine.id, [{ title: "Mine" }]);
    await seed(theirs.id, [{ title: "Theirs" }, { title: "Theirs too" }]);

    const page = await list(mine.id, { q: "Theirs" });
    expect(page.items).toEqual([]);
    expect((await list(mine.id)).items.map((i) => i.title)).toEqual(["Mine"]);
  });

  it("refuses a forged cursor and restarts on a cursor made for another sort", async () => {
    const ws = await createWorkspace();
    await seed(ws.id, Array.from({ length: 3 }, () => ({})));
    const page = await list(ws.id, { limit: 1 });

    await expect(list(ws.id, { cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "invalid_input", fields: { cursor: expect.any(Array) } });
    expect(numbers(await list(ws.id, { sort: "number", dir: "asc", limit: 1, cursor: page.nextCursor! }))).toEqual([1]);
  });

  it("validates the query: unknown enums and reversed date ranges name their field", () => {
    const bad = ZRequestsQuery.safeParse({ status: "DONE", from: "2026-03-05", to: "2026-03-01", sort: "title" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["status", "sort"]));
    expect(ZRequestsQuery.parse({ status: "", q: "  ", sort: "" })).toMatchObject({ status: undefined, q: undefined, sort: "created" });
    const reversed = ZRequestsQuery.safeParse({ from: "2026-03-05", to: "2026-03-01" });
    expect(reversed.error!.issues[0].path).toEqual(["to"]);
  });

  it("answers first and deep pages from the created-at indexes (EXPLAIN)", async () => {
    const ws = await createWorkspace();
    await db().$executeRaw`
      INSERT INTO "Request" ("id", "workspaceId", "number", "channel", "title", "messageText", "requestorName", "status", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${ws.id}::uuid, n, (ARRAY['SLACK','EMAIL','WEB','MS_TEAMS'])[1 + n % 4]::"Channel", 'Request ' || n, 'text',
             'Person ' || n, (ARRAY['OPEN','IN_PROGRESS','WAITING_ON_CUSTOMER','ON_HOLD','CLOSED'])[1 + n % 5]::"RequestStatus",
             timestamp '2025-01-01' + n * interval '1 minute', timestamp '2025-01-01' + n * interval '1 minute'
      FROM generate_series(1, 20000) AS n`;
    await db().$executeRawUnsafe(`ANALYZE "Request"`);
    const deep = encodeCursor({ s: "created", d: "desc", v: "2025-01-08T00:00:00.000Z", id: "00000000-0000-4000-8000-000000000000", b: false });

    const plan = async (query: RequestsQueryInput) => {
      const { sql } = listRequestsSql({ workspaceId: ws.id, query: ZRequestsQuery.parse(query) });
      const rows = await db().$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${sql}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    };

    expect(await plan({})).toContain("Request_workspaceId_createdAt_id_idx");
    const deepPlan = await plan({ cursor: deep });
    expect(deepPlan).toContain("Request_workspaceId_createdAt_id_idx");
    expect(deepPlan).toMatch(/Index Cond: .*"createdAt", id\) < /);
    expect(await plan({ status: "CLOSED", cursor: deep })).toContain("Request_workspaceId_status_createdAt_id_idx");
    expect(await plan({ channel: "EMAIL" })).toContain("Request_workspaceId_channel_createdAt_id_idx");
    expect(await plan({ sort: "number", dir: "asc", cursor: undefined })).toContain("Request_workspaceId_number_key");
    expect(await plan({ q: "#1234" })).toMatch(/Index Cond: .*number = /);
  });
});
