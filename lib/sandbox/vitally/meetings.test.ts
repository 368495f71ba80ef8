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

const transcript = (text: string) => [{ speaker: { externalId: "spk-1", name: "Ada" }, sentences: [{ text, startTime: 0, endTime: 5000 }] }];

// Reference §8.11 (meetings, participants, transcripts).
describe("meetings", () => {
  it("creates with participants, gets by id or externalId, updates, archives", async () => {
    const { userId } = await createBasics(api);
    const externalId = uid("meet");
    const created = await api.post("/resources/meetings", {
      externalId,
      title: "Kick-off",
      startDateTime: "2025-03-01T10:00:00Z",
      endDateTime: "2025-03-01T11:00:00Z",
      participants: [
        { type: "organizer", vitallyUserId: adminId },
        { type: "attendee", userId, responseStatus: "accepted" },
      ],
      keyPoints: ["scope"],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ externalId, title: "Kick-off", startDate: "2025-03-01", keyPoints: ["scope"] });
    expect(created.body.participants).toHaveLength(2);
    expect(created.body.participants[0]).toMatchObject({ type: "organizer", isOrganizer: true, id: expect.any(String) });
    // Strict: REST-created meetings are not linked to customers (CLI OBS, §8.11).
    expect(created.body.accounts).toEqual([]);
    expect((await api.get(`/resources/meetings/${externalId}`)).body.id).toBe(created.body.id);

    const updated = await api.put(`/resources/meetings/${created.body.id}`, { summary: "Went well", traits: { a: 1 } });
    expect(updated.body).toMatchObject({ summary: "Went well", traits: { a: 1 } });
    const archived = await api.del(`/resources/meetings/${created.body.id}`);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await api.put(`/resources/meetings/${created.body.id}`, { summary: "late" })).status).toBe(400);
    const listed = (await api.get("/resources/meetings?limit=100")).body.results.map((m: Json) => m.id);
    expect(listed).not.toContain(created.body.id);
    const withArchived = (await api.get("/resources/meetings?archived=true&limit=100")).body.results.map((m: Json) => m.id);
    expect(withArchived).toContain(created.body.id);
    expect((await api.get(`/resources/meetings/${created.body.id}`)).status).toBe(200);
  });

  it("adds and removes participants", async () => {
    const { userId } = await createBasics(api);
    const meeting = await api.post("/resources/meetings", { externalId: uid("m"), title: "Sync", participants: [{ type: "attendee", userId }] });
    const added = await api.post(`/resources/meetings/${meeting.body.id}/participants`, { type: "attendee", email: "guest@example.com" });
    expect(added.status).toBe(200);
    expect(added.body.participants).toHaveLength(2);
    const guest = added.body.participants.find((p: Json) => p.email === "guest@example.com");
    const removed = await api.del(`/resources/meetings/${meeting.body.id}/participants/${guest.id}`);
    expect(removed.body.participants).toHaveLength(1);
    expect((await api.del(`/resources/meetings/${meeting.body.id}/participants/${guest.id}`)).status).toBe(404);
  });

  it("creates and replaces the transcript", async () => {
    const { userId } = await createBasics(api);
    const meeting = await api.post("/resources/meetings", {
      externalId: uid("m"),
      title: "Recorded",
      participants: [{ type: "attendee", userId }],
      transcript: transcript("first"),
    });
    const first = await api.get(`/resources/meetings/${meeting.body.externalId}/transcript`);
    expect(first.status).toBe(200);
    expect(first.body.transcript[0].sentences[0].text).toBe("first");
    const replaced = await api.post(`/resources/meetings/${meeting.body.id}/transcript`, { transcript: transcript("second") });
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(first.body.id);
    expect((await api.get(`/resources/meetingTranscripts/${first.body.id}`)).body.transcript[0].sentences[0].text).toBe("second");
    const all = await api.get("/resources/meetingTranscripts");
    expect(all.body.results.filter((x: Json) => x.meetingId === meeting.body.id)).toHaveLength(1);
    const bad = await api.post(`/resources/meetings/${meeting.body.id}/transcript`, { transcript: [{ sentences: [] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^transcript\[0\]\.speaker/);
  });

  it("validates: title, externalId, participants with exactly one identifier and a type, a customer participant (strict)", async () => {
    const { userId } = await createBasics(api);
    const base = { externalId: uid("m"), title: "x", participants: [{ type: "attendee", userId }] };
    expect((await api.post("/resources/meetings", { ...base, title: undefined })).body).toEqual({ message: "title is required" });
    expect((await api.post("/resources/meetings", { ...base, externalId: undefined })).body).toEqual({ message: "externalId is required" });
    expect((await api.post("/resources/meetings", { ...base, participants: undefined })).body).toEqual({ message: "participants is required" });
    expect((await api.post("/resources/meetings", { ...base, participants: [{ type: "attendee", userId, email: "a@b.c" }] })).status).toBe(400);
    expect((await api.post("/resources/meetings", { ...base, participants: [{ type: "guest", userId }] })).body.message).toMatch(/^participants\[0\]\.type/);
    expect((await api.post("/resources/meetings", { ...base, participants: [{ type: "attendee", vitallyUserId: adminId }] })).body.message).toMatch(/^participants/);
    expect((await api.post("/resources/meetings", { ...base, participants: [{ type: "attendee", userId: "ghost" }] })).body.message).toMatch(/^participants\[0\]\.userId/);
    expect((await api.post("/resources/meetings", base)).status).toBe(200);
    expect((await api.post("/resources/meetings", base)).status).toBe(400);
  });

  it("lenient: derives accounts from participants", async () => {
    await t.control.setSettings({ strict: false });
    try {
      const { userId, accountId } = await createBasics(api);
      const meeting = await api.post("/resources/meetings", { externalId: uid("m"), title: "x", participants: [{ type: "attendee", userId }] });
      expect(meeting.body.accounts.map((a: Json) => a.id)).toEqual([accountId]);
      expect((await api.get(`/resources/accounts/${accountId}/meetings`)).body.results).toHaveLength(1);
      // A duplicate externalId updates the meeting (and its transcript) instead of failing.
      const again = await api.post("/resources/meetings", {
        externalId: meeting.body.externalId,
        title: "renamed",
        participants: [{ type: "attendee", userId }],
        transcript: transcript("upserted"),
      });
      expect(again.body).toMatchObject({ id: meeting.body.id, title: "renamed", hasTranscript: true });
    } finally {
      await t.control.setSettings({ strict: true });
    }
  });
});
