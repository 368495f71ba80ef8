import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SalesforceControlClient, SalesforceControlError } from "./control-client";
import { DEMO_MATCH_CASES, DEMO_ORG_SLUG, DEMO_SANDBOX_ORG_SLUG, seedDemo } from "./seed-demo";
import { createSalesforceSandbox } from "./server";
import { SalesforceStore } from "./store";
import { REDIRECT_URI, RestClient, startSandbox, type TestSandbox } from "./test-helpers";

// The control API (docs/sandbox-salesforce.md) and the demo org: one requestor per case of the
// matching rules (issue #6), checked with the queries of reference §3.2.

describe("demo org covers every matching case", () => {
  let t: TestSandbox;
  let api: RestClient;
  beforeAll(async () => {
    t = await startSandbox();
    api = await t.adminClient();
  });
  afterAll(() => t.close());

  const q = (soql: string) => api.query(soql).then((r) => r.body.records as Array<{ Id: string; Name: string; AccountId?: string }>);
  const contactByEmail = (email: string) => q(`SELECT Id, AccountId FROM Contact WHERE Email = '${email}'`);
  const accountsByDomain = (email: string) => q(`SELECT Id, Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email LIKE '%@${email.split("@")[1]}')`);
  const accountsByName = (name: string) => q(`SELECT Id, Name FROM Account WHERE Name = '${name}'`);

  it.each([
    ["contactByEmail", 1, 0, "Acme Corp"],
    ["contactWithoutAccount", 1, 0, null],
    ["domainOneAccount", 0, 1, "Acme Corp"],
    ["domainSeveralAccounts", 0, 2, null],
    ["domainNoAccount", 0, 0, null],
  ] as const)("%s: %i contact(s), %i account(s) by domain", async (name, contacts, byDomain, accountName) => {
    const requestor = DEMO_MATCH_CASES[name];
    const email = requestor.email ?? "";
    const found = await contactByEmail(email);
    expect(found).toHaveLength(contacts);
    if (contacts === 1 && accountName) {
      const account = await q(`SELECT Name FROM Account WHERE Id = '${found[0]?.AccountId}'`);
      expect(account[0]?.Name).toBe(accountName);
    }
    if (contacts === 0) {
      const accounts = await accountsByDomain(email);
      expect(accounts).toHaveLength(byDomain);
      if (accountName) expect(accounts[0]?.Name).toBe(accountName);
    }
  });

  it.each([
    ["nameOneAccount", 1],
    ["nameSeveralAccounts", 2],
    ["nameNoAccount", 0],
  ] as const)("%s (no email): %i account(s) named like the workspace", async (name, count) => {
    const requestor = DEMO_MATCH_CASES[name];
    expect(requestor.email).toBeNull();
    expect(await accountsByName(requestor.workspaceName)).toHaveLength(count);
  });

  it("seeding is idempotent and ids are stable across stores", () => {
    const a = new SalesforceStore(Date.now);
    const b = new SalesforceStore(Date.now);
    const first = seedDemo(a);
    const second = seedDemo(b);
    expect(first.seeded?.accounts).toEqual(second.seeded?.accounts);
    expect(first.org.id).toBe(second.org.id);
    expect(seedDemo(a).seeded).toBeNull();
    expect(a.findOrg(DEMO_ORG_SLUG)?.all("Account")).toHaveLength(7);
  });
});

describe("control API", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it("health, orgs, apps (never the secret), settings", async () => {
    expect(await t.control.health()).toMatchObject({ ok: true, strict: true, orgs: 2, apps: 1 });
    const orgs = await t.control.listOrgs();
    expect(orgs.map((o) => [o.slug, o.environment])).toEqual([
      [DEMO_ORG_SLUG, "production"],
      [DEMO_SANDBOX_ORG_SLUG, "sandbox"],
    ]);
    const app = await t.control.addApp({ clientId: "c2", clientSecret: "s2-secret", redirectUris: [REDIRECT_URI] });
    expect(JSON.stringify(app)).not.toContain("s2-secret");
    expect(await t.control.setSettings({ queryBatchSize: 500 })).toMatchObject({ queryBatchSize: 500, strict: true });
    await expect(t.control.addApp({ clientId: "c3", clientSecret: "x", redirectUris: ["not a url"] })).rejects.toBeInstanceOf(SalesforceControlError);
  });

  it("a new org gets profiles, the admin's permission set and an admin who can log in; fixtures seed it", async () => {
    const org = await t.control.addOrg({ slug: "acme-prod", name: "Acme", environment: "production", adminUsername: "root@acme.example" });
    const seeded = await t.control.seed("acme-prod", { accounts: [{ name: "Only Account", contacts: [{ lastName: "Only", email: "only@only.example" }] }] });
    expect(Object.keys(seeded.accounts)).toEqual(["Only Account"]);
    const token = await t.connect({ username: "root@acme.example" });
    expect(token.instance_url).toBe(t.sandbox.urls.instance("acme-prod"));
    const api = new RestClient(token.instance_url, token.access_token);
    expect((await api.query("SELECT Name FROM Account")).body.records.map((r: { Name: string }) => r.Name)).toEqual(["Only Account"]);
    const state = await t.control.state(org.id);
    expect(state.records.Contact).toHaveLength(1);
    expect(state.usage.used).toBe(1);
    await expect(t.control.seed("acme-prod", { accounts: [{ name: "" }] })).rejects.toMatchObject({ status: 400 });
  });

  it("reset of one org removes custom objects and records, keeps its users; log is filterable by org", async () => {
    const api = await t.adminClient();
    await api.post("/tooling/sobjects/CustomObject", {
      FullName: "Temp__c",
      Metadata: { label: "Temp", pluralLabel: "Temps", nameField: { type: "Text", label: "Name" }, deploymentStatus: "Deployed", sharingModel: "ReadWrite" },
    });
    expect((await api.get("/sobjects/Temp__c/describe")).status).toBe(200);
    await t.control.reset(DEMO_ORG_SLUG);
    const state = await t.control.state(DEMO_ORG_SLUG);
    expect(state.objects.map((o) => o.name)).not.toContain("Temp__c");
    expect(state.records.Account).toHaveLength(0);
    expect(state.records.User).toHaveLength(1);
    // Sessions of the reset org end with it.
    expect((await api.get("/limits")).status).toBe(401);
    const other = await t.connect({ loginHost: "test" });
    await new RestClient(other.instance_url, other.access_token).get("/limits");
    const sandboxOrgId = (await t.control.listOrgs()).find((o) => o.slug === DEMO_SANDBOX_ORG_SLUG)?.id;
    const log = await t.control.log({ org: DEMO_SANDBOX_ORG_SLUG });
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((e) => e.orgId === sandboxOrgId)).toBe(true);
    expect((await t.control.log()).some((e) => e.orgId !== sandboxOrgId)).toBe(true);
  });

  it("requires X-Sandbox-Token when configured", async () => {
    const sandbox = await createSalesforceSandbox({ port: 0, controlToken: "tkn" });
    try {
      await expect(new SalesforceControlClient({ baseUrl: sandbox.url }).health()).rejects.toMatchObject({ status: 401 });
      expect(await new SalesforceControlClient({ baseUrl: sandbox.url, token: "tkn" }).health()).toMatchObject({ ok: true, orgs: 0 });
    } finally {
      await sandbox.close();
    }
  });
});
