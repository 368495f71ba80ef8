import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMINS, DEMO_EMAIL_DOMAINS, DEMO_KEY, DEMO_SUBDOMAIN } from "./seed-demo";
import { createBasics, startSandbox, uid, type ApiClient, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
let demo: ApiClient;
beforeAll(async () => {
  t = await startSandbox({ seed: "demo" });
  demo = t.client(DEMO_KEY, DEMO_SUBDOMAIN);
});
afterAll(() => t.close());

// Reference §8.3 (users), §9 (users in many accounts and organizations).
describe("users", () => {
  it("creates a user in several accounts and organizations and embeds them", async () => {
    const a = await createBasics(t.api);
    const b = await createBasics(t.api);
    const externalId = uid("multi");
    const res = await t.api.post("/resources/users", {
      externalId,
      name: "Multi",
      email: "multi@example.com",
      accountIds: [a.accountId, b.accountId],
      organizationIds: [a.orgId, b.orgId],
      traits: { "vitally.custom.role": "admin" },
      joinDate: "2024-03-01T00:00:00Z",
    });
    expect(res.status).toBe(200);
    expect(res.body.accountIds).toEqual([a.accountId, b.accountId]);
    expect(res.body.accounts.map((x: { id: string }) => x.id)).toEqual([a.accountId, b.accountId]);
    expect(res.body.organizations).toHaveLength(2);
    expect(res.body.joinDate).toBe("2024-03-01T00:00:00.000Z");
    expect((await t.api.get(`/resources/users/${externalId}`)).body.id).toBe(res.body.id);
    const listA = await t.api.get(`/resources/accounts/${a.accountId}/users`);
    expect(listA.body.results.map((u: { id: string }) => u.id)).toContain(res.body.id);
    const listOrgB = await t.api.get(`/resources/organizations/${b.orgId}/users`);
    expect(listOrgB.body.results.map((u: { id: string }) => u.id)).toContain(res.body.id);
    expect((await t.api.get(`/resources/accounts/${a.accountId}`)).body.usersCount).toBe(2);
  });

  it("requires externalId and at least one of accountIds/organizationIds, all existing", async () => {
    expect((await t.api.post("/resources/users", { accountIds: ["x"] })).body).toEqual({ message: "externalId is required" });
    const none = await t.api.post("/resources/users", { externalId: uid("u") });
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/^accountIds/);
    const empty = await t.api.post("/resources/users", { externalId: uid("u"), accountIds: [], organizationIds: [] });
    expect(empty.status).toBe(400);
    const missing = await t.api.post("/resources/users", { externalId: uid("u"), accountIds: ["no-such-account"] });
    expect(missing.body.message).toMatch(/^accountIds\[0\]/);
    const singular = await t.api.post("/resources/users", { externalId: uid("u"), accountId: "x", organizationIds: [] });
    expect(singular.status).toBe(400);
  });

  it("strict: PUT accountIds adds links, traits merge and null deletes", async () => {
    const a = await createBasics(t.api);
    const b = await createBasics(t.api);
    const user = await t.api.post("/resources/users", { externalId: uid("u"), accountIds: [a.accountId], traits: { x: 1, y: 2 } });
    const updated = await t.api.put(`/resources/users/${user.body.id}`, { accountIds: [b.accountId], traits: { x: null, z: 3 } });
    expect(updated.status).toBe(200);
    expect(updated.body.accountIds).toEqual([a.accountId, b.accountId]);
    expect(updated.body.traits).toEqual({ y: 2, z: 3 });
  });

  it("lenient: PUT accountIds replaces links, email search ignores case", async () => {
    await t.control.setSettings({ strict: false });
    try {
      const a = await createBasics(t.api);
      const b = await createBasics(t.api);
      const user = await t.api.post("/resources/users", { externalId: uid("u"), accountIds: [a.accountId] });
      const updated = await t.api.put(`/resources/users/${user.body.id}`, { accountIds: [b.accountId] });
      expect(updated.body.accountIds).toEqual([b.accountId]);
      const upper = await t.api.get(`/resources/users/search?email=${encodeURIComponent(b.user.email.toUpperCase())}`);
      expect(upper.body.results.map((u: { id: string }) => u.id)).toEqual([b.userId]);
    } finally {
      await t.control.setSettings({ strict: true });
    }
  });

  it("DELETE answers 204 and (strict) the user stays readable with a new updatedAt", async () => {
    const { userId, user } = await createBasics(t.api);
    const res = await t.api.del(`/resources/users/${userId}?deleteOn=2030-01-01`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const after = await t.api.get(`/resources/users/${userId}`);
    expect(after.status).toBe(200);
    expect(after.body.updatedAt > user.updatedAt).toBe(true);
    expect((await t.api.del(`/resources/users/${userId}?deleteOn=soon`)).status).toBe(400);
    expect((await t.api.del("/resources/users/nobody")).status).toBe(404);
  });

  it("searches by exactly one of email, externalId, emailSubdomain", async () => {
    const { user } = await createBasics(t.api);
    const byEmail = await t.api.get(`/resources/users/search?email=${encodeURIComponent(user.email)}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.results.map((u: { id: string }) => u.id)).toEqual([user.id]);
    const byExternal = await t.api.get(`/resources/users/search?externalId=${encodeURIComponent(user.externalId)}`);
    expect(byExternal.body.results[0].id).toBe(user.id);
    expect((await t.api.get("/resources/users/search?email=nobody@nowhere.example")).body).toEqual({ results: [] });
    // Strict: exact, case-sensitive matching.
    expect((await t.api.get(`/resources/users/search?email=${encodeURIComponent(user.email.toUpperCase())}`)).body.results).toHaveLength(0);
    for (const query of ["", "?email=a@b.c&externalId=x", "?email=", "?query=a@b.c"]) {
      const res = await t.api.get(`/resources/users/search${query}`);
      expect(res.status, query).toBe(400);
    }
  });

  it("finds the accounts behind an email domain (one domain → one account, another → several)", async () => {
    const accountsOf = async (domain: string) => {
      const res = await demo.get(`/resources/users/search?emailSubdomain=${domain}`);
      expect(res.status).toBe(200);
      return new Set(res.body.results.flatMap((u: { accountIds: string[] }) => u.accountIds));
    };
    expect((await accountsOf(DEMO_EMAIL_DOMAINS.oneAccount)).size).toBe(1);
    expect((await accountsOf(DEMO_EMAIL_DOMAINS.severalAccounts)).size).toBe(2);
    expect((await accountsOf(DEMO_EMAIL_DOMAINS.noUsers)).size).toBe(0);
  });
});

// Reference §8.4 (admins).
describe("admins", () => {
  it("lists admins with their license status", async () => {
    const res = await demo.get("/resources/admins");
    expect(res.status).toBe(200);
    const byEmail = Object.fromEntries(res.body.results.map((a: { email: string; licenseStatus: string }) => [a.email, a.licenseStatus]));
    expect(byEmail[DEMO_ADMINS.active]).toBe("active");
    expect(byEmail[DEMO_ADMINS.deactivated]).toBe("deactivated");
    expect(byEmail[DEMO_ADMINS.autoCreated]).toBe("auto-created");
  });

  it("searches by email: one Admin object (strict), 404 when unknown, 400 without email", async () => {
    const res = await demo.get(`/resources/admins/search?email=${encodeURIComponent(DEMO_ADMINS.deactivated)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), name: "Dan Deactivated", email: DEMO_ADMINS.deactivated, licenseStatus: "deactivated" });
    expect((await demo.get("/resources/admins/search?email=ghost@example.com")).status).toBe(404);
    expect((await demo.get("/resources/admins/search")).status).toBe(400);
    expect((await demo.get(`/resources/admins/search?email=${DEMO_ADMINS.active}&name=x`)).status).toBe(400);
  });

  it("lenient: admins/search answers a results list", async () => {
    await t.control.setSettings({ strict: false });
    try {
      const res = await demo.get(`/resources/admins/search?email=${encodeURIComponent(DEMO_ADMINS.active.toUpperCase())}`);
      expect(res.body.results).toHaveLength(1);
    } finally {
      await t.control.setSettings({ strict: true });
    }
  });
});
