import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMINS, DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN, demoFixture, stableId, type DemoLinkCase } from "./seed-demo";
import { startSandbox, type ApiClient, type Json, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
let api: ApiClient;
beforeAll(async () => {
  t = await startSandbox({ seed: "demo" });
  api = t.client(DEMO_KEY, DEMO_SUBDOMAIN);
});
afterAll(() => t.close());

const EXPECTED: Record<DemoLinkCase, [orgs: number, accounts: number]> = {
  oneOrgOneAccount: [1, 1],
  oneOrgNoAccount: [1, 0],
  oneOrgManyAccounts: [1, 2],
  noOrgOneAccount: [0, 1],
  noOrgNoAccount: [0, 0],
  noOrgManyAccounts: [0, 2],
  manyOrgsOneAccount: [2, 1],
  manyOrgsNoAccount: [2, 0],
  manyOrgsManyAccounts: [2, 2],
};

// The linking table of the Vitally sync document: every organization × account presence case.
describe("demo customer base", () => {
  it("has one user per linking-table case, found by email through users/search", async () => {
    expect(Object.keys(DEMO_LINK_CASES).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [linkCase, email] of Object.entries(DEMO_LINK_CASES) as Array<[DemoLinkCase, string]>) {
      const res = await api.get(`/resources/users/search?email=${encodeURIComponent(email)}`);
      expect(res.body.results, linkCase).toHaveLength(1);
      const user = res.body.results[0];
      expect([user.organizationIds.length, user.accountIds.length], linkCase).toEqual(EXPECTED[linkCase]);
      expect(user.accounts).toHaveLength(EXPECTED[linkCase][1]);
    }
  });

  it("links the several-orgs + one-account user's account to one of its organizations", async () => {
    const res = await api.get(`/resources/users/search?email=${encodeURIComponent(DEMO_LINK_CASES.manyOrgsOneAccount)}`);
    const user = res.body.results[0];
    expect(user.organizationIds).toContain(user.accounts[0].organizationId);
  });

  it("keeps every account in at most one organization and seeds admins, a custom object and a churned account", async () => {
    const accounts = (await api.get("/resources/accounts?status=activeOrChurned")).body.results;
    expect(accounts.length).toBeGreaterThanOrEqual(8);
    for (const a of accounts) expect(a.organizationId === null || typeof a.organizationId === "string").toBe(true);
    expect((await api.get("/resources/accounts?status=churned")).body.results).toHaveLength(1);
    const active = await api.get(`/resources/admins/search?email=${DEMO_ADMINS.active}`);
    expect(active.body.licenseStatus).toBe("active");
    const objects = (await api.get("/resources/customObjects")).body.results;
    expect(objects.map((o: Json) => o.name)).toContain("contracts");
    const instances = (await api.get(`/resources/customObjects/${objects[0].id}/instances`)).body.results;
    expect(instances).toHaveLength(2);
  });

  it("uses stable ids", () => {
    const fixture = demoFixture();
    expect(fixture.organizations?.[0]?.id).toBe(stableId("org-northwind"));
    expect(stableId("x")).toBe(stableId("x"));
    expect(stableId("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
