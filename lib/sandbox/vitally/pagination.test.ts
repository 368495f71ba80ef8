import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_A, startSandbox, type Json, type TestSandbox } from "./test-helpers";

// Reference §4 (pagination): limit ≤ 100 (default 100), opaque base64 `from`, sortBy
// createdAt|updatedAt (default updatedAt desc), `next` null at the end, `atEnd` (OBS).

let t: TestSandbox;
const TOTAL = 25;
beforeAll(async () => {
  t = await startSandbox();
  await t.control.seed(KEY_A, {
    organizations: Array.from({ length: TOTAL }, (_, i) => ({
      externalId: `page-org-${i}`,
      name: `Org ${i}`,
      createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
      updatedAt: new Date(Date.UTC(2024, 5, 1, 0, TOTAL - i)).toISOString(),
    })),
  });
});
afterAll(() => t.close());

async function walk(path: string): Promise<{ pages: Json[]; ids: string[] }> {
  const pages: Json[] = [];
  let from: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await t.api.get(from ? `${path}${sep}from=${encodeURIComponent(from)}` : path);
    expect(res.status).toBe(200);
    pages.push(res.body);
    from = res.body.next;
  } while (from && pages.length < 50);
  return { pages, ids: pages.flatMap((p) => p.results.map((r: Json) => r.id)) };
}

describe("cursor pagination", () => {
  it("walks every page with no duplicates, next null and atEnd true on the last page", async () => {
    const { pages, ids } = await walk("/resources/organizations?limit=7");
    expect(pages.map((p) => p.results.length)).toEqual([7, 7, 7, 4]);
    expect(new Set(ids).size).toBe(TOTAL);
    expect(pages.at(-1).next).toBeNull();
    expect(pages.at(-1).atEnd).toBe(true);
    expect(pages[0].atEnd).toBe(false);
    expect(typeof pages[0].next).toBe("string");
  });

  it("defaults to updatedAt descending and limit 100", async () => {
    const res = await t.api.get("/resources/organizations");
    expect(res.body.results).toHaveLength(TOTAL);
    const updated = res.body.results.map((r: Json) => r.updatedAt);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(res.body.results[0].externalId).toBe("page-org-0");
    expect(res.body.next).toBeNull();
  });

  it("sorts by createdAt descending with sortBy=createdAt", async () => {
    const { ids, pages } = await walk("/resources/organizations?limit=10&sortBy=createdAt");
    expect(ids).toHaveLength(TOTAL);
    const created = pages.flatMap((p) => p.results.map((r: Json) => r.createdAt));
    expect(created).toEqual([...created].sort().reverse());
    expect(pages[0].results[0].externalId).toBe(`page-org-${TOTAL - 1}`);
  });

  it("an update moves a record to the front of the default order", async () => {
    await t.api.put("/resources/organizations/page-org-20", { traits: { touched: true } });
    const res = await t.api.get("/resources/organizations?limit=1");
    expect(res.body.results[0].externalId).toBe("page-org-20");
  });

  it("uses a base64 JSON keyset cursor", async () => {
    const res = await t.api.get("/resources/organizations?limit=2");
    const decoded = JSON.parse(Buffer.from(res.body.next, "base64").toString("utf8"));
    expect(decoded).toMatchObject({ sortVal: res.body.results[1].updatedAt, id: res.body.results[1].id, sortBy: "updatedAt" });
  });

  it("strict: 400 for limit > 100, limit < 1, a garbage or foreign cursor, an unknown sortBy", async () => {
    const first = await t.api.get("/resources/organizations?limit=2");
    for (const query of [
      "limit=101",
      "limit=0",
      "limit=abc",
      "from=not-a-cursor",
      `from=${Buffer.from("somebase64").toString("base64")}`,
      `sortBy=createdAt&from=${encodeURIComponent(first.body.next)}`,
      "sortBy=name",
    ]) {
      const res = await t.api.get(`/resources/organizations?${query}`);
      expect(res.status, query).toBe(400);
      expect(typeof res.body.message, query).toBe("string");
    }
  });

  it("lenient: clamps limit and restarts on a garbage cursor", async () => {
    await t.control.setSettings({ strict: false });
    try {
      const big = await t.api.get("/resources/organizations?limit=500");
      expect(big.status).toBe(200);
      expect(big.body.results).toHaveLength(TOTAL);
      const garbage = await t.api.get("/resources/organizations?limit=3&from=garbage");
      expect(garbage.status).toBe(200);
      expect(garbage.body.results).toHaveLength(3);
    } finally {
      await t.control.setSettings({ strict: true });
    }
  });

  it("paginates sub-resource lists the same way", async () => {
    await t.control.seed(KEY_A, {
      organizations: [{ externalId: "page-parent", name: "Parent" }],
      accounts: Array.from({ length: 5 }, (_, i) => ({ externalId: `page-child-${i}`, name: `Child ${i}`, organizationId: "page-parent" })),
    });
    const { pages, ids } = await walk("/resources/organizations/page-parent/accounts?limit=2");
    expect(pages).toHaveLength(3);
    expect(new Set(ids).size).toBe(5);
  });
});
