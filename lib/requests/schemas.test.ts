import { describe, expect, it } from "vitest";
import { parseInput, safeParseInput } from "@/lib/api/parse-input";
import { ZAddMessageInput, ZCreateRequestInput, ZEditMessageInput, ZUpdateRequestInput } from "./schemas";

const valid = { channel: "email", title: " Refund ", messageText: "Please refund", requestor: { name: "Bo", email: "Bo@Example.COM" } };

describe("request schemas", () => {
  it("trims names, lower-cases emails and applies defaults", () => {
    const parsed = parseInput(ZCreateRequestInput, valid);
    expect(parsed).toMatchObject({ title: "Refund", status: "open", aiTags: [], customFields: {}, messages: [], requestor: { email: "bo@example.com" } });
  });

  it("accepts only http and https links", () => {
    for (const url of ["https://acme.slack.com/archives/C1/p1", "http://localhost:3000/r/1"]) {
      expect(safeParseInput(ZCreateRequestInput, { ...valid, permalink: url }).ok).toBe(true);
    }
    for (const url of ["javascript:alert(1)", "ftp://x.example.com/a", "mailto:a@b.co", "//acme.com", "https:/x"]) {
      expect(safeParseInput(ZCreateRequestInput, { ...valid, permalink: url }).issues.map((i) => i.path.join("."))).toEqual(["permalink"]);
    }
  });

  it("requires a time zone on timestamps", () => {
    expect(safeParseInput(ZCreateRequestInput, { ...valid, createdAt: "2026-01-01T10:00:00+02:00" }).ok).toBe(true);
    expect(safeParseInput(ZCreateRequestInput, { ...valid, createdAt: "2026-01-01T10:00:00" }).ok).toBe(false);
  });

  it("enforces lengths", () => {
    const r = safeParseInput(ZCreateRequestInput, { ...valid, title: "x".repeat(501), aiTags: Array(51).fill("t"), requestor: { name: "x".repeat(201) } });
    expect(r.issues.map((i) => i.path.join(".")).sort()).toEqual(["aiTags", "requestor.name", "title"]);
  });

  it("names unknown fields individually, nested ones by path", () => {
    const r = safeParseInput(ZUpdateRequestInput, { titel: "x", requestor: { mail: "a@b.co" }, csat: { rating: 5, stars: 5 } });
    expect(r.issues).toEqual([
      { path: ["requestor", "mail"], message: "Unknown field." },
      { path: ["csat", "stars"], message: "Unknown field." },
      { path: ["titel"], message: "Unknown field." },
    ]);
  });

  it("accepts an empty partial update but not nulls for required fields", () => {
    expect(safeParseInput(ZUpdateRequestInput, {}).ok).toBe(true);
    const r = safeParseInput(ZUpdateRequestInput, { channel: null, title: null, requestor: { name: null } });
    expect(r.issues.map((i) => i.path.join(".")).sort()).toEqual(["channel", "requestor.name", "title"]);
  });

  it("a message needs text or an attachment; an edit needs something to change", () => {
    const author = { type: "team", name: "Sam" };
    expect(safeParseInput(ZAddMessageInput, { thread: "internal", author, text: "" }).issues).toEqual([
      { path: ["text"], message: "A message needs text or at least one attachment." },
    ]);
    expect(safeParseInput(ZAddMessageInput, { thread: "internal", author, attachments: [{ name: "a.pdf", url: "https://f.example.com/a.pdf", size: 10 }] }).ok).toBe(true);
    expect(safeParseInput(ZEditMessageInput, { editedAt: "2026-01-01T00:00:00Z" }).ok).toBe(false);
  });
});
