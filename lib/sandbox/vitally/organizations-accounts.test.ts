import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBasics, startSandbox, uid, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
});
afterAll(() => t.close());

// Reference §8.1 (organizations), §3.1 (id or externalId), §3.2 (traits).
describe("organizations", () => {
  it("creates, gets by id and by externalId, updates with trait merge and null deletion, deletes", async () => {
    const externalId = uid("org/with slash");
    const created = await t.api.post("/resources/organizations", {
      externalId,
      name: "Initial",
      traits: { "vitally.custom.region": "EMEA", "hspot.tier": "gold", keep: 1 },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ externalId, name: "Initial", accountsCount: 0, usersCount: 0 });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);

    const byId = await t.api.get(`/resources/organizations/${created.body.id}`);
    const byExternal = await t.api.get(`/resources/organizations/${encodeURIComponent(externalId)}`);
    expect(byId.body.id).toBe(created.body.id);
    expect(byExternal.body.id).toBe(created.body.id);

    const updated = await t.api.put(`/resources/organizations/${encodeURIComponent(externalId)}`, {
      name: "Renamed",
      traits: { "vitally.custom.region": null, "hspot.tier": "platinum", added: true },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.name).toBe("Renamed");
    // Dotted keys stay flat strings: no nesting under "vitally" or "hspot".
    expect(updated.body.traits).toEqual({ "hspot.tier": "platinum", keep: 1, added: true });
    expect(updated.body.createdAt).toBe(created.body.createdAt);
    expect(updated.body.updatedAt > created.body.updatedAt).toBe(true);

    const deleted = await t.api.del(`/resources/organizations/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect((await t.api.get(`/resources/organizations/${created.body.id}`)).status).toBe(404);
  });

  it("400 naming the missing field, 404 for unknown ids", async () => {
    const noName = await t.api.post("/resources/organizations", { externalId: uid("o") });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toMatch(/^name/);
    const noExternal = await t.api.post("/resources/organizations", { name: "x" });
    expect(noExternal.body).toEqual({ message: "externalId is required" });
    const badTraits = await t.api.post("/resources/organizations", { externalId: uid("o"), name: "x", traits: "nope" });
    expect(badTraits.status).toBe(400);
    expect(badTraits.body.message).toMatch(/^traits/);
    for (const res of [
      await t.api.get("/resources/organizations/unknown-org"),
      await t.api.put("/resources/organizations/unknown-org", { name: "x" }),
      await t.api.del("/resources/organizations/unknown-org"),
      await t.api.get("/resources/organizations/unknown-org/accounts"),
    ]) {
      expect(res.status).toBe(404);
      expect(typeof res.body.message).toBe("string");
    }
  });

  it("strict: a duplicate externalId on POST is a 400, a changed externalId on PUT too", async () => {
    const externalId = uid("dup-org");
    await t.api.post("/resources/organizations", { externalId, name: "First" });
    const dup = await t.api.post("/resources/organizations", { externalId, name: "Second" });
    expect(dup.status).toBe(400);
    expect(dup.body.message).toMatch(/^externalId/);
    const change = await t.api.put(`/resources/organizations/${externalId}`, { externalId: "other" });
    expect(change.status).toBe(400);
    const unknownField = await t.api.post("/resources/organizations", { externalId: uid("o"), name: "x", website: "x" });
    expect(unknownField.body).toEqual({ message: "website: unknown field" });
  });

  it("lenient: a duplicate externalId on POST updates the existing organization", async () => {
    await t.control.setSettings({ strict: false });
    try {
      const externalId = uid("upsert-org");
      const first = await t.api.post("/resources/organizations", { externalId, name: "First", traits: { a: 1 } });
      const second = await t.api.post("/resources/organizations", { externalId, name: "Second", traits: { b: 2 } });
      expect(second.status).toBe(200);
      expect(second.body.id).toBe(first.body.id);
      expect(second.body).toMatchObject({ name: "Second", traits: { a: 1, b: 2 } });
    } finally {
      await t.control.setSettings({ strict: true });
    }
  });
});

// Reference §8.2 (accounts), §9 (an account is in at most one organization).
describe("accounts", () => {
  it("creates in an organization, lists by organization, moves between organizations, unlinks", async () => {
    const orgA = await t.api.post("/resources/organizations", { externalId: uid("oa"), name: "A" });
    const orgB = await t.api.post("/resources/organizations", { externalId: uid("ob"), name: "B" });
    const account = await t.api.post("/resources/accounts", {
      externalId: uid("acc"),
      name: "Acme",
      organizationId: orgA.body.id,
      traits: { mrr: 100 },
    });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ organizationId: orgA.body.id, mrr: 100, usersCount: 0 });

    const listA = await t.api.get(`/resources/organizations/${orgA.body.id}/accounts`);
    expect(listA.body.results.map((a: { id: string }) => a.id)).toEqual([account.body.id]);
    expect((await t.api.get(`/resources/organizations/${orgA.body.id}`)).body.accountsCount).toBe(1);

    // PUT accepts the organization's externalId (§3.1) and replaces the single link.
    const moved = await t.api.put(`/resources/accounts/${account.body.externalId}`, { organizationId: orgB.body.externalId });
    expect(moved.body.organizationId).toBe(orgB.body.id);
    expect((await t.api.get(`/resources/organizations/${orgA.body.id}/accounts`)).body.results).toHaveLength(0);
    expect((await t.api.get(`/resources/organizations/${orgB.body.id}/accounts`)).body.results).toHaveLength(1);

    const unlinked = await t.api.put(`/resources/accounts/${account.body.id}`, { organizationId: null });
    expect(unlinked.body.organizationId).toBeNull();

    const many = await t.api.put(`/resources/accounts/${account.body.id}`, { organizationId: [orgA.body.id, orgB.body.id] });
    expect(many.status).toBe(400);
    expect(many.body.message).toMatch(/^organizationId/);
  });

  it("validates: required externalId and name, existing organization, name not editable (strict)", async () => {
    expect((await t.api.post("/resources/accounts", { name: "x" })).body).toEqual({ message: "externalId is required" });
    expect((await t.api.post("/resources/accounts", { externalId: uid("a") })).body).toEqual({ message: "name is required" });
    const badOrg = await t.api.post("/resources/accounts", { externalId: uid("a"), name: "x", organizationId: "nope" });
    expect(badOrg.status).toBe(400);
    expect(badOrg.body.message).toMatch(/^organizationId/);
    const { accountId } = await createBasics(t.api);
    const rename = await t.api.put(`/resources/accounts/${accountId}`, { name: "New name" });
    expect(rename.status).toBe(400);
    expect(rename.body.message).toMatch(/^name/);
    const owner = await t.api.put(`/resources/accounts/${accountId}`, { accountOwnerId: "someone" });
    expect(owner.status).toBe(400);
    expect((await t.api.put(`/resources/accounts/${accountId}`, { accountOwnerId: null })).status).toBe(200);
  });

  it("filters by status: active by default, churned, activeOrChurned", async () => {
    const churned = await t.api.post("/resources/accounts", { externalId: uid("churn"), name: "Gone", traits: { churnedAt: "2024-01-01T00:00:00.000Z" } });
    const ids = async (q: string) => {
      const all: string[] = [];
      let from: string | null = null;
      do {
        const res = await t.api.get(`/resources/accounts?${q}${from ? `&from=${encodeURIComponent(from)}` : ""}`);
        all.push(...res.body.results.map((a: { id: string }) => a.id));
        from = res.body.next;
      } while (from);
      return all;
    };
    expect(await ids("limit=100")).not.toContain(churned.body.id);
    expect(await ids("status=churned")).toContain(churned.body.id);
    expect(await ids("status=activeOrChurned")).toContain(churned.body.id);
    expect((await t.api.get("/resources/accounts?status=gone")).status).toBe(400);
  });

  it("deleting an account removes its notes/tasks and the users that had no other account", async () => {
    const { accountId, orgId, userId } = await createBasics(t.api);
    const other = await t.api.post("/resources/accounts", { externalId: uid("other"), name: "Other" });
    const shared = await t.api.post("/resources/users", { externalId: uid("shared"), accountIds: [accountId, other.body.id] });
    const note = await t.api.post("/resources/notes", { accountId, note: "<p>x</p>", noteDate: "2025-01-01" });
    expect(note.status).toBe(200);
    const deleted = await t.api.del(`/resources/accounts/${accountId}`);
    expect(deleted.status).toBe(200);
    expect((await t.api.get(`/resources/accounts/${accountId}`)).status).toBe(404);
    expect((await t.api.get(`/resources/notes/${note.body.id}`)).status).toBe(404);
    expect((await t.api.get(`/resources/users/${userId}`)).status).toBe(404);
    const survivor = await t.api.get(`/resources/users/${shared.body.id}`);
    expect(survivor.body.accountIds).toEqual([other.body.id]);
    expect((await t.api.get(`/resources/organizations/${orgId}`)).status).toBe(200);
  });

  it("deleting an organization unlinks its accounts and users", async () => {
    const { accountId, orgId, userId } = await createBasics(t.api);
    await t.api.del(`/resources/organizations/${orgId}`);
    expect((await t.api.get(`/resources/accounts/${accountId}`)).body.organizationId).toBeNull();
    expect((await t.api.get(`/resources/users/${userId}`)).body.organizationIds).toEqual([]);
  });

  it("answers the undocumented health-score route for known accounts only", async () => {
    const { accountId } = await createBasics(t.api);
    expect((await t.api.get(`/resources/accounts/${accountId}/healthScores`)).status).toBe(200);
    expect((await t.api.get("/resources/accounts/nope/healthScores")).status).toBe(404);
  });
});
