import { describe, expect, it } from "vitest";
import { applyUpdate, columnsForCreate, type RequestColumns } from "./map-input";
import { ZCreateRequestInput, ZUpdateRequestInput } from "./schemas";

const now = new Date("2026-07-01T12:00:00Z");
const base = (): RequestColumns =>
  columnsForCreate(
    ZCreateRequestInput.parse({
      channel: "slack",
      title: "Webhook retries",
      messageText: "Webhooks fail with 502",
      requestor: { name: "Ann", email: "ann@acme.example.com" },
      assignee: { name: "Sam" },
      csat: { rating: 3 },
      createdAt: "2026-06-01T00:00:00Z",
    }),
    { product: "Exports", labels: ["vip"] },
    now,
  );
const update = (current: RequestColumns, patch: unknown, custom = {}) => applyUpdate(current, ZUpdateRequestInput.parse(patch), custom, now);

describe("columnsForCreate", () => {
  it("maps API values to columns with defaults", () => {
    const c = base();
    expect(c).toMatchObject({
      channel: "SLACK",
      status: "OPEN",
      urgency: null,
      assigneeName: "Sam",
      assigneeEmail: null,
      csatRating: 3,
      csatComment: null,
      createdAt: new Date("2026-06-01T00:00:00Z"),
      updatedAt: new Date("2026-06-01T00:00:00Z"),
      closedAt: null,
      customValues: { product: "Exports", labels: ["vip"] },
    });
  });
});

describe("applyUpdate", () => {
  it("reports no change for values equal to the current ones", () => {
    const c = base();
    const { changed, next } = update(c, { title: "Webhook retries", channel: "slack", aiTags: [], csat: { rating: 3 }, updatedAt: "2027-01-01T00:00:00Z" }, { product: "Exports" });
    expect(changed).toEqual([]);
    expect(next.updatedAt).toEqual(c.updatedAt);
  });

  it("names changed API fields once, custom values by key, and moves updatedAt", () => {
    const { changed, next } = update(base(), { assignee: { name: "Sam", email: "sam@support.example.com" }, requestor: { company: "Acme" } }, { product: null, tier: "gold" });
    expect(changed).toEqual(["assignee", "customFields.product", "customFields.tier", "requestor"]);
    expect(next).toMatchObject({ assigneeEmail: "sam@support.example.com", requestorName: "Ann", requestorCompany: "Acme", updatedAt: now });
    expect(next.customValues).toEqual({ labels: ["vip"], tier: "gold" });
  });

  it("uses the given updatedAt when something changed", () => {
    const { next } = update(base(), { title: "New", updatedAt: "2026-06-02T00:00:00Z" });
    expect(next.updatedAt).toEqual(new Date("2026-06-02T00:00:00Z"));
  });

  it("clears optional fields with null", () => {
    const { changed, next } = update(base(), { assignee: null, csat: null, summary: null });
    expect(changed).toEqual(["assignee", "csat"]);
    expect(next).toMatchObject({ assigneeName: null, assigneeEmail: null, csatRating: null });
  });

  it("closing sets closedAt to the update time; reopening clears closedAt and closedBy", () => {
    const closed = update(base(), { status: "closed", closedBy: "Sam" });
    expect(closed.next).toMatchObject({ status: "CLOSED", closedAt: now, closedByName: "Sam" });
    expect(closed.changed).toEqual(["closedAt", "closedBy", "status"]);
    const reopened = update(closed.next, { status: "open" });
    expect(reopened.next).toMatchObject({ status: "OPEN", closedAt: null, closedByName: null });
    const stillClosed = update(closed.next, { status: "closed" });
    expect(stillClosed.changed).toEqual([]);
  });

  it("does not change the input columns", () => {
    const c = base();
    const copy = structuredClone(c);
    update(c, { title: "x" }, { product: null });
    expect(c).toEqual(copy);
  });
});
