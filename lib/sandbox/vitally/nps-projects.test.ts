import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMINS, DEMO_KEY, DEMO_SUBDOMAIN } from "./seed-demo";
import { createBasics, startSandbox, uid, type ApiClient, type Json, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
let api: ApiClient;
beforeAll(async () => {
  t = await startSandbox({ seed: "demo" });
  api = t.client(DEMO_KEY, DEMO_SUBDOMAIN);
});
afterAll(() => t.close());

// Reference §8.9 (NPS responses).
describe("NPS responses", () => {
  it("creates, upserts by externalId, updates the user's npsLast* and the account's counters", async () => {
    const { userId, accountId, orgId, user } = await createBasics(api);
    const externalId = uid("nps");
    const created = await api.post("/resources/npsResponses", { externalId, userId, score: 3, feedback: "meh", respondedAt: "2025-01-01T00:00:00Z" });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ externalId, userId, score: 3, feedback: "meh", respondedAt: "2025-01-01T00:00:00.000Z" });
    const again = await api.post("/resources/npsResponses", { externalId, userId, score: 10, respondedAt: "2025-01-02T00:00:00Z" });
    expect(again.body.id).toBe(created.body.id);
    expect(again.body.score).toBe(10);
    expect((await api.get(`/resources/users/${userId}`)).body).toMatchObject({ npsLastScore: 10 });
    expect((await api.get(`/resources/accounts/${accountId}`)).body).toMatchObject({ npsPromoterCount: 1, npsScore: 100 });
    expect((await api.get(`/resources/accounts/${accountId}/npsResponses`)).body.results).toHaveLength(1);
    expect((await api.get(`/resources/organizations/${orgId}/npsResponses`)).body.results).toHaveLength(1);
    expect((await api.get(`/resources/npsResponses/${externalId}`)).body.id).toBe(created.body.id);
    // userId is the Vitally id, never the user's externalId.
    const byExternal = await api.post("/resources/npsResponses", { userId: user.externalId, score: 5, respondedAt: "2025-01-01" });
    expect(byExternal.body.message).toMatch(/^userId/);
  });

  it("validates score 0–10 and the required fields; strict PUT needs all three", async () => {
    const { userId } = await createBasics(api);
    for (const score of [-1, 11, 7.5, "9"]) {
      const res = await api.post("/resources/npsResponses", { userId, score, respondedAt: "2025-01-01" });
      expect(res.status, String(score)).toBe(400);
      expect(res.body.message).toMatch(/^score/);
    }
    expect((await api.post("/resources/npsResponses", { userId, score: 5 })).body).toEqual({ message: "respondedAt is required" });
    const r = await api.post("/resources/npsResponses", { userId, score: 5, respondedAt: "2025-01-01" });
    expect((await api.put(`/resources/npsResponses/${r.body.id}`, { score: 6 })).status).toBe(400);
    const put = await api.put(`/resources/npsResponses/${r.body.id}`, { userId, score: 6, respondedAt: "2025-01-05" });
    expect(put.body.score).toBe(6);
    expect((await api.del(`/resources/npsResponses/${r.body.id}`)).status).toBe(200);
    expect((await api.get(`/resources/npsResponses/${r.body.id}`)).status).toBe(404);
    expect((await api.get("/resources/npsResponses?target=organization")).status).toBe(200);
    expect((await api.get("/resources/npsResponses?target=everyone")).status).toBe(400);
  });
});

// Reference §8.10 (projects from templates, templates, categories).
describe("projects", () => {
  it("creates from a template (falling back to its name, category and default status), updates, archives", async () => {
    const { accountId } = await createBasics(api);
    const templates = await api.get("/resources/projectTemplates");
    const template = templates.body.results[0];
    expect(template).toMatchObject({ name: "Standard onboarding", projectName: "Onboarding" });
    const categories = await api.get("/resources/projectCategories");
    expect((await api.get(`/resources/projectTemplates?categoryId=${categories.body.results[0].id}`)).body.results).toHaveLength(1);
    expect((await api.get("/resources/projectTemplates?categoryId=none")).body.results).toHaveLength(0);

    const created = await api.post("/resources/projects", { templateId: template.id, accountId, targetStartDate: "2025-01-01", targetCompletionDate: "2025-01-31" });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "Onboarding", templateId: template.id, accountId, projectCategoryId: template.projectCategoryId, durationInDays: 30 });
    expect(created.body.projectStatusId).toEqual(expect.any(String));

    const admin = (await api.get(`/resources/admins/search?email=${DEMO_ADMINS.active}`)).body;
    const updated = await api.put(`/resources/projects/${created.body.id}`, { name: "Onboarding Acme", ownedByVitallyUserId: admin.id, traits: { a: 1 } });
    expect(updated.body).toMatchObject({ name: "Onboarding Acme", ownedByVitallyUserId: admin.id, traits: { a: 1 } });
    expect((await api.put(`/resources/projects/${created.body.id}`, { accountId })).status).toBe(400);
    expect((await api.get(`/resources/accounts/${accountId}/projects`)).body.results.map((p: Json) => p.id)).toEqual([created.body.id]);
    const archived = await api.del(`/resources/projects/${created.body.id}`);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await api.get(`/resources/accounts/${accountId}/projects`)).body.results).toHaveLength(0);
  });

  it("validates: templateId required and existing, exactly one owner, no customerId (strict)", async () => {
    const { accountId, orgId } = await createBasics(api);
    const templateId = (await api.get("/resources/projectTemplates")).body.results[0].id;
    expect((await api.post("/resources/projects", { accountId })).body).toEqual({ message: "templateId is required" });
    expect((await api.post("/resources/projects", { accountId, templateId: "nope" })).body.message).toMatch(/^templateId/);
    expect((await api.post("/resources/projects", { templateId })).body.message).toMatch(/^accountId/);
    expect((await api.post("/resources/projects", { templateId, accountId, organizationId: orgId })).status).toBe(400);
    expect((await api.post("/resources/projects", { templateId, customerId: accountId })).status).toBe(400);
    expect((await api.get("/resources/projects/nope")).status).toBe(404);
  });

  it("lenient: accepts the older `customerId` for the account", async () => {
    await t.control.setSettings({ strict: false });
    try {
      const { accountId } = await createBasics(api);
      const templateId = (await api.get("/resources/projectTemplates")).body.results[0].id;
      const res = await api.post("/resources/projects", { templateId, customerId: accountId });
      expect(res.status).toBe(200);
      expect(res.body.accountId).toBe(accountId);
    } finally {
      await t.control.setSettings({ strict: true });
    }
  });
});
