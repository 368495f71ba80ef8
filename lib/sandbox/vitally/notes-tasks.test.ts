import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMINS, DEMO_KEY, DEMO_SUBDOMAIN } from "./seed-demo";
import { createBasics, startSandbox, uid, type ApiClient, type Json, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
let api: ApiClient;
let adminId: string;
beforeAll(async () => {
  t = await startSandbox({ seed: "demo" });
  api = t.client(DEMO_KEY, DEMO_SUBDOMAIN);
  adminId = (await api.get(`/resources/admins/search?email=${DEMO_ADMINS.active}`)).body.id;
});
afterAll(() => t.close());

// Reference §8.7 (notes, note categories), §3.1 (externalId with ?source=).
describe("notes", () => {
  it("creates, upserts by externalId, replaces tags, merges traits, archives on delete", async () => {
    const { accountId, orgId } = await createBasics(api);
    const categories = await api.get("/resources/noteCategories");
    expect(categories.body.results.length).toBeGreaterThan(0);
    const categoryId = categories.body.results[0].id;
    const externalId = uid("note");
    const created = await api.post("/resources/notes", {
      externalId,
      accountId,
      note: "<p>First</p>",
      noteDate: "2025-01-02T10:00:00Z",
      subject: "Call",
      authorId: adminId,
      categoryId,
      tags: ["a", "b"],
      traits: { "vitally.custom.x": 1, keep: true },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ accountId, source: "api", author: { id: adminId }, category: { id: categoryId } });

    const upsert = await api.post("/resources/notes", {
      externalId,
      accountId,
      note: "<p>Second</p>",
      noteDate: "2025-01-03",
      tags: ["c"],
      traits: { "vitally.custom.x": null },
    });
    expect(upsert.body.id).toBe(created.body.id);
    expect(upsert.body).toMatchObject({ note: "<p>Second</p>", tags: ["c"], traits: { keep: true } });
    expect(upsert.body.createdAt).toBe(created.body.createdAt);

    // Moving the note to the organization.
    const moved = await api.put(`/resources/notes/${created.body.id}`, { organizationId: orgId });
    expect(moved.body).toMatchObject({ organizationId: orgId, accountId: null });
    expect((await api.get(`/resources/organizations/${orgId}/notes`)).body.results).toHaveLength(1);

    const deleted = await api.del(`/resources/notes/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.archivedAt).not.toBeNull();
    const active = await api.get("/resources/notes?limit=100");
    expect(active.body.results.map((n: Json) => n.id)).not.toContain(created.body.id);
    const archived = await api.get("/resources/notes?archived=true");
    expect(archived.body.results.map((n: Json) => n.id)).toContain(created.body.id);
  });

  it("takes an externalId in the path only with ?source= (strict: matching the note's source)", async () => {
    const { accountId } = await createBasics(api);
    const externalId = uid("note-src");
    const created = await api.post("/resources/notes", { externalId, accountId, note: "x", noteDate: "2025-01-01" });
    expect((await api.get(`/resources/notes/${externalId}`)).status).toBe(404);
    expect((await api.get(`/resources/notes/${externalId}?source=API`)).body.id).toBe(created.body.id);
    expect((await api.get(`/resources/notes/${externalId}?source=hubspot`)).status).toBe(404);
    expect((await api.put(`/resources/notes/${externalId}?source=api`, { subject: "s" })).body.subject).toBe("s");
    expect((await api.del(`/resources/notes/${externalId}`)).status).toBe(404);
  });

  it("validates: note, noteDate, an owner, existing author and category", async () => {
    const { accountId } = await createBasics(api);
    expect((await api.post("/resources/notes", { accountId, noteDate: "2025-01-01" })).body).toEqual({ message: "note is required" });
    expect((await api.post("/resources/notes", { accountId, note: "x" })).body).toEqual({ message: "noteDate is required" });
    expect((await api.post("/resources/notes", { accountId, note: "x", noteDate: "yesterday" })).body.message).toMatch(/^noteDate/);
    expect((await api.post("/resources/notes", { note: "x", noteDate: "2025-01-01" })).body.message).toMatch(/^accountId/);
    expect((await api.post("/resources/notes", { accountId, note: "x", noteDate: "2025-01-01", authorId: "ghost" })).body.message).toMatch(/^authorId/);
    expect((await api.post("/resources/notes", { accountId: "ghost", note: "x", noteDate: "2025-01-01" })).status).toBe(400);
  });
});

// Reference §8.8 (tasks, task categories).
describe("tasks", () => {
  it("creates, upserts by externalId, lists by account, archives on delete", async () => {
    const { accountId } = await createBasics(api);
    const externalId = uid("task");
    const created = await api.post("/resources/tasks", {
      externalId,
      accountId,
      name: "Call back",
      description: "<p>Soon</p>",
      dueDate: "2025-02-01",
      assignedToId: adminId,
      tags: ["x"],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "Call back", dueDate: "2025-02-01", assignedToId: adminId });
    const upsert = await api.post("/resources/tasks", { externalId, accountId, name: "Call back today", completedAt: "2025-01-15T12:00:00Z" });
    expect(upsert.body.id).toBe(created.body.id);
    expect(upsert.body.completedAt).toBe("2025-01-15T12:00:00.000Z");
    expect((await api.get(`/resources/accounts/${accountId}/tasks`)).body.results.map((x: Json) => x.id)).toEqual([created.body.id]);
    expect((await api.get(`/resources/tasks/${externalId}?source=api`)).body.id).toBe(created.body.id);
    const deleted = await api.del(`/resources/tasks/${created.body.id}`);
    expect(deleted.body.archivedAt).not.toBeNull();
    expect((await api.get(`/resources/accounts/${accountId}/tasks`)).body.results).toHaveLength(0);
    expect((await api.get(`/resources/accounts/${accountId}/tasks?archived=true`)).body.results).toHaveLength(1);
    expect((await api.get("/resources/taskCategories")).body.results[0].name).toBe("Follow-up");
  });

  it("validates: name, one owner (not both, strict), existing assignee", async () => {
    const { accountId, orgId } = await createBasics(api);
    expect((await api.post("/resources/tasks", { accountId })).body).toEqual({ message: "name is required" });
    expect((await api.post("/resources/tasks", { name: "x" })).body.message).toMatch(/^accountId/);
    expect((await api.post("/resources/tasks", { name: "x", accountId, organizationId: orgId })).body.message).toMatch(/^organizationId/);
    expect((await api.post("/resources/tasks", { name: "x", accountId, assignedToId: "ghost" })).body.message).toMatch(/^assignedToId/);
    expect((await api.put("/resources/tasks/nope", { name: "x" })).status).toBe(404);
  });
});
